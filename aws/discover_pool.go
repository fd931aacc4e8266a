package aws

import (
	"context"

	"github.com/envdeck/envdeck/model"
)

// The pool (alb.listener_arns): every configured listener's load balancer
// is read whole — its listeners, their rules — through the same ELB client,
// so one account's calls share one paced bucket.

// poolLB is one load balancer of the pool as read.
type poolLB struct {
	listener  string // the configured listener on it
	lbARN     string
	listeners []model.Listener
}

// readPool reads the listeners of every pool listener's load balancer,
// conc at a time. A load balancer whose listeners cannot be read is an
// error entry and left out; the others are returned in pool order.
func readPool(ctx context.Context, elb ELBV2API, pool []string, conc int) ([]poolLB, []model.SourceError) {
	out := make([]poolLB, len(pool))
	errs := make([]error, len(pool))
	fanOut(len(pool), conc, func(i int) {
		out[i].listener = pool[i]
		out[i].lbARN, out[i].listeners, errs[i] = readListeners(ctx, elb, pool[i])
	})
	var read []poolLB
	var serrs []model.SourceError
	for i := range pool {
		if errs[i] != nil {
			serrs = append(serrs, sourceError(model.SourceALB, "listeners of "+pool[i], errs[i]))
			continue
		}
		read = append(read, out[i])
	}
	return read, serrs
}

// poolListeners are the listeners of every load balancer read, by load
// balancer in pool order, then port.
func poolListeners(lbs []poolLB) []model.Listener {
	var ls []model.Listener
	for _, lb := range lbs {
		ls = append(ls, lb.listeners...)
	}
	return ls
}

// poolLBARNs are the load balancers read, in pool order.
func poolLBARNs(lbs []poolLB) []string {
	var out []string
	for _, lb := range lbs {
		out = append(out, lb.lbARN)
	}
	return out
}

// listenerCalls is the fewest DescribeListeners calls that read snap's
// listeners: pages of elbListenerPage per load balancer of the pool.
func listenerCalls(snap *model.Snapshot) int {
	perLB := map[string]int{}
	for _, lb := range snap.LoadBalancers {
		perLB[lb.ARN] = 0
	}
	for _, l := range snap.Listeners {
		perLB[model.LoadBalancerOfListener(l.ARN)]++
	}
	n := 0
	for _, c := range perLB {
		n += max(1, (c+elbListenerPage-1)/elbListenerPage)
	}
	return max(1, n)
}

// regionErrors: a listener of the pool in another region than the clients'.
func regionErrors(pool []string, region string) []model.SourceError {
	var errs []model.SourceError
	for _, l := range pool {
		if err := inRegion(l, region); err != nil {
			errs = append(errs, sourceError(model.SourceALB, "listener "+l, err))
		}
	}
	return errs
}
