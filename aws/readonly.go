package aws

import (
	"errors"
	"fmt"
	"strings"
)

// ErrReadOnly is wrapped by every error of a mutating call refused because
// the clients are read-only (--read-only): the call never reaches AWS.
var ErrReadOnly = errors.New("read-only")

// readPrefixes are the only action name prefixes allowed in read-only mode.
// Everything else is treated as mutating (deny by default), so a method
// added to an interface later is refused until it is known to be a read.
var readPrefixes = []string{"Describe", "Get", "List"}

// IsMutating reports whether an API action changes something.
func IsMutating(action string) bool {
	for _, p := range readPrefixes {
		if strings.HasPrefix(action, p) {
			return false
		}
	}
	return true
}

func refuse(service, action string) error {
	return fmt.Errorf("%w: refusing %s:%s", ErrReadOnly, service, action)
}
