package aws

import "github.com/envdeck/envdeck/model"

// The configured listener's and its load balancer's tags say whether
// another tool (the AWS Load Balancer Controller) manages them, which
// create must know (model/owners.go). They are read in the same
// DescribeTags batches as the rules' and target groups' tags, last, so they
// cost a call only when they overflow a batch.

// ownerTagARNs are the ARNs whose tags say who manages the listener.
func (res *albResult) ownerTagARNs(cfg *model.Config) []string {
	if res.lbARN == "" || cfg.ALB.ListenerARN == "" {
		return nil
	}
	return []string{cfg.ALB.ListenerARN, res.lbARN}
}

// applyOwnerTags records the listener's and load balancer's tags as read.
func (res *albResult) applyOwnerTags(cfg *model.Config, tags map[string]map[string]string) {
	arns := res.ownerTagARNs(cfg)
	if arns == nil {
		return
	}
	lt, lok := tags[arns[0]]
	bt, bok := tags[arns[1]]
	res.loadBalancers = []model.LoadBalancer{{
		ARN: res.lbARN, ListenerARN: arns[0], Tags: nonNilTags(bt), ListenerTags: nonNilTags(lt),
		TagsUnread: !lok || !bok,
	}}
}

func nonNilTags(t map[string]string) map[string]string {
	if t == nil {
		return map[string]string{}
	}
	return t
}
