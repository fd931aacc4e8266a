package model

import "fmt"

// checkListenerOwner refuses a create on a listener the AWS Load Balancer
// Controller manages (its tags on the listener or on its load balancer):
// the controller reconciles the listener's rules and removes the ones it did
// not create, so an environment made there would vanish on its next sync.
// alb.allow_controller_listener: true accepts that. A listener whose tags
// could not be read is refused too: who manages it is unknown.
func (c *createPlan) checkListenerOwner() error { return c.listenerOwnerErr(c.listener) }

// listenerOwnerErr is checkListenerOwner for one listener of the pool.
func (c *createPlan) listenerOwnerErr(listener string) error {
	if c.cfg.ALB.AllowControllerListener {
		return nil
	}
	for _, lb := range c.snap.LoadBalancers {
		if lb.ListenerARN != listener {
			continue
		}
		if lb.TagsUnread {
			return fmt.Errorf("cannot create %q: the tags of listener %s and its load balancer could not be read, so whether the AWS Load Balancer Controller manages it is unknown", c.name, lb.ListenerARN)
		}
		if err := controllerRefusal(c.name, "listener "+lb.ListenerARN, lb.ListenerTags); err != nil {
			return err
		}
		if err := controllerRefusal(c.name, "load balancer "+albName(lb.ARN, lb.ListenerARN), lb.Tags); err != nil {
			return err
		}
	}
	return nil
}

// controllerRefusal is the one-line refusal when tags say the controller
// manages what; nil otherwise.
func controllerRefusal(env, what string, tags map[string]string) error {
	o, ok := ForeignOwnerOf(tags)
	if !ok || o.Tool != OwnerLBController {
		return nil
	}
	return fmt.Errorf("cannot create %q: %s is managed by the AWS Load Balancer Controller (%s), which removes listener rules it did not create; set alb.allow_controller_listener: true to create anyway",
		env, what, o.Name)
}
