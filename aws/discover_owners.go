package aws

import "github.com/envdeck/envdeck/model"

// The configured listeners' and their load balancers' tags say whether
// another tool (the AWS Load Balancer Controller) manages them, which
// create must know (model/owners.go). They are read in the same
// DescribeTags batches as the rules' and target groups' tags, last, so they
// cost a call only when they overflow a batch.

// ownerTagARNs are the ARNs whose tags say who manages the pool: each
// configured listener and its load balancer.
func (res *albResult) ownerTagARNs() []string {
	var out []string
	for _, lb := range res.pool {
		out = append(out, lb.listener, lb.lbARN)
	}
	return out
}

// applyOwnerTags records each pool load balancer with its tags and its
// configured listener's, as read.
func (res *albResult) applyOwnerTags(tags map[string]map[string]string) {
	res.loadBalancers = nil
	for _, lb := range res.pool {
		lt, lok := tags[lb.listener]
		bt, bok := tags[lb.lbARN]
		res.loadBalancers = append(res.loadBalancers, model.LoadBalancer{
			ARN: lb.lbARN, ListenerARN: lb.listener, Tags: nonNilTags(bt), ListenerTags: nonNilTags(lt),
			TagsUnread: !lok || !bok,
		})
	}
}

func nonNilTags(t map[string]string) map[string]string {
	if t == nil {
		return map[string]string{}
	}
	return t
}

// errNoListener: neither alb.listener_arn nor alb.listener_arns is set.
type errNoListener struct{}

func (errNoListener) Error() string {
	return "no listener configured (alb.listener_arn or alb.listener_arns)"
}
