package aws

import (
	"fmt"
	"strings"
)

// inRegion refuses a configured ARN of another region than the clients'
// (the wrong AWS_REGION, or a listener copied from another platform): read
// in the wrong region, the platform would look empty.
func inRegion(arn, region string) error {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 || parts[0] != "arn" || parts[3] == "" || region == "" {
		return nil // not an ARN with a region: the read itself says what is wrong
	}
	if parts[3] != region {
		return fmt.Errorf("it is in region %s but envdeck reads region %s (set --region %s or region in envdeck.yaml)", parts[3], region, parts[3])
	}
	return nil
}
