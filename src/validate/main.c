/* cb-validate: not written yet. */
#include "msg.h"

int main(void)
{
	msg_init("cb-validate");
	die("not written yet");
}
