/* What to do after a check that did not pass, in the merchant's words: the
 * message says what happened, this says what to do about it. Shared by
 * every face, so the command and the wizard never give different advice. */
#include "bcsetup/check.h"

const char *check_next_step(enum check_kind kind)
{
	switch (kind) {
	case CHECK_AUTH:
		return "The token is refused: its API account was deleted, or a character of it "
		       "is wrong. Rotate it (a new API account), or import the credentials file "
		       "again if it was mistyped.";
	case CHECK_STORE:
		return "No store answers as this one should: if the store hash is mistyped, "
		       "correct it (import --yes, or Correct in the wizard); if the store is "
		       "closed or suspended, its owner reopens it in the control panel.";
	case CHECK_SCOPE:
		return "Scopes cannot be added to an API account: create a new one with the "
		       "scopes needed (rotate), then delete the old one.";
	case CHECK_UNPROVEN:
		return "Check again as the message says, or look at the API account's page in "
		       "the control panel.";
	case CHECK_NETWORK:
		return "No verdict: the last one stands. Check this machine's connection "
		       "(and any proxy), then check again.";
	case CHECK_TLS:
		return "The connection is not trusted: check this machine's clock and any proxy "
		       "that inspects TLS, then check again.";
	case CHECK_RATE_LIMIT:
		return "The store's API quota is used up for now: check again in a minute.";
	case CHECK_SERVER:
		return "Read the message first (an alert names what to delete); for a server "
		       "error, check again later (status.bigcommerce.com tells of outages).";
	case CHECK_OK:
	case CHECK_ABORTED:
	case CHECK_KIND_COUNT: break;
	}
	return NULL;
}
