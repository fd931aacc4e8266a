package model

import "strings"

// Other tools that write rules and target groups on a shared listener,
// recognised by the ownership tags they put on what they make
// (docs/CONTRACT.md § Ownership). What carries them is theirs: envdeck
// never maps it to an environment by pattern, never owns, changes or
// deletes it, and names its owner wherever it lists it.

// Names of the other owners, as "managed_by" says them.
const (
	OwnerLBController   = "aws-load-balancer-controller"
	OwnerCloudFormation = "cloudformation"
	OwnerCopilot        = "copilot"
)

// ForeignOwner is another tool that manages a resource, and the name that
// tool gives the thing the resource belongs to (cluster/stack, stack, app/env).
type ForeignOwner struct {
	Tool string `json:"managed_by"`
	Name string `json:"managed_by_name"`
}

// Text is how a reason names the owner: "cloudformation stack web-prod".
func (o ForeignOwner) Text() string {
	if o.Name == "" {
		return o.Tool
	}
	return o.Tool + " (" + o.Name + ")"
}

// foreignTool is one other owner: any of its keys marks a resource as its;
// nameKeys, joined by "/", name what the resource belongs to.
type foreignTool struct {
	tool     string
	keys     []string
	nameKeys []string
}

// foreignTools in precedence order: Copilot deploys through CloudFormation,
// so its resources carry both and are Copilot's.
var foreignTools = []foreignTool{
	{tool: OwnerLBController,
		keys:     []string{"elbv2.k8s.aws/cluster", "ingress.k8s.aws/stack", "ingress.k8s.aws/resource"},
		nameKeys: []string{"elbv2.k8s.aws/cluster", "ingress.k8s.aws/stack"}},
	{tool: OwnerCopilot,
		keys:     []string{"copilot-application", "copilot-environment"},
		nameKeys: []string{"copilot-application", "copilot-environment"}},
	{tool: OwnerCloudFormation,
		keys:     []string{"aws:cloudformation:stack-name"},
		nameKeys: []string{"aws:cloudformation:stack-name"}},
}

// ForeignOwnerOf returns the other tool whose ownership tags tags carry;
// ok is false when none does.
func ForeignOwnerOf(tags map[string]string) (ForeignOwner, bool) {
	for _, t := range foreignTools {
		if !hasAnyKey(tags, t.keys) {
			continue
		}
		var parts []string
		for _, k := range t.nameKeys {
			if v := tags[k]; v != "" {
				parts = append(parts, v)
			}
		}
		return ForeignOwner{Tool: t.tool, Name: strings.Join(parts, "/")}, true
	}
	return ForeignOwner{}, false
}

func hasAnyKey(tags map[string]string, keys []string) bool {
	for _, k := range keys {
		if _, ok := tags[k]; ok {
			return true
		}
	}
	return false
}

// foreignOwned makes r another tool's: not envdeck's, in no environment,
// and none of its envdeck tags judged (they are not envdeck's to read).
func (r *mres) foreignOwned(o ForeignOwner) {
	r.foreign = &o
	r.ref.Owned = false
	r.env, r.tagEnv, r.patEnv = "", "", ""
	r.conflict, r.badEnv, r.keep = false, false, false
	r.issues = nil
}

// foreignOwners lists, by resource ID, the resources another tool owns.
func (m *envMapper) foreignOwners() map[string]ForeignOwner {
	out := map[string]ForeignOwner{}
	for _, r := range m.all {
		if r.foreign != nil {
			out[r.ref.ID] = *r.foreign
		}
	}
	return out
}

// ManagedBy returns the other tool that owns the resource id, if any.
func (inv *Inventory) ManagedBy(id string) (ForeignOwner, bool) {
	if inv == nil {
		return ForeignOwner{}, false
	}
	o, ok := inv.Foreign[id]
	return o, ok
}
