package model

import "regexp"

// hintCommand finds an envdeck command line that a message suggests ("see
// it with envdeck show feat-a").
var hintCommand = regexp.MustCompile(`\benvdeck( (?:ls|show|quota|slots|rules|gc|create|destroy|extend|touch|redeploy|apply|restore)\b)`)

// WithCLI makes the envdeck command lines that text suggests start with
// cli, the command line of the account at hand ("envdeck --sandbox
// --sandbox-state s.json"): a hint pasted as printed then acts on that
// account, not on the one configured. An empty cli or plain "envdeck"
// leaves text as it is.
func WithCLI(text, cli string) string {
	if cli == "" || cli == "envdeck" {
		return text
	}
	return hintCommand.ReplaceAllString(text, cli+"$1")
}
