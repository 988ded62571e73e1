/* cb-score: not written yet. */
#include "msg.h"

int main(void)
{
	msg_init("cb-score");
	die("not written yet");
}
