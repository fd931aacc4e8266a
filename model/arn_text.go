package model

import (
	"regexp"
	"strings"
)

var elbARN = regexp.MustCompile(`arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:(listener-rule|targetgroup|listener|loadbalancer)/[A-Za-z0-9/_.-]+`)

// ShortenARNs writes the ELB ARNs in s the way people name them: rule/ID,
// targetgroup/NAME, listener/LB/ID, loadbalancer/NAME. Both front ends'
// tables and plans show resources this way.
func ShortenARNs(s string) string {
	return elbARN.ReplaceAllStringFunc(s, func(arn string) string {
		fields := strings.SplitN(arn, ":", 6) // arn:partition:service:region:account:resource
		parts := strings.Split(fields[5], "/")
		switch parts[0] {
		case "listener-rule":
			return "rule/" + parts[len(parts)-1]
		case "targetgroup":
			if len(parts) > 1 {
				return "targetgroup/" + parts[1]
			}
		case "listener":
			if len(parts) > 3 {
				return "listener/" + parts[2] + "/" + parts[len(parts)-1]
			}
		case "loadbalancer":
			if len(parts) > 2 {
				return "loadbalancer/" + parts[2]
			}
		}
		return arn
	})
}
