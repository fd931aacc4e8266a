package main

import "github.com/envdeck/envdeck/model"

// unassignedJSON is one unassigned resource of `ls -o json`: who else
// manages it (the AWS Load Balancer Controller, CloudFormation, Copilot)
// when its tags say so, null otherwise (docs/CONTRACT.md § CLI contract).
type unassignedJSON struct {
	Type          model.ResourceType `json:"type"`
	ID            string             `json:"id"`
	ManagedBy     *string            `json:"managed_by"`
	ManagedByName *string            `json:"managed_by_name"`
}

func toUnassignedJSON(inv *model.Inventory, r model.ResourceRef) unassignedJSON {
	out := unassignedJSON{Type: r.Type, ID: r.ID}
	if o, ok := inv.ManagedBy(r.ID); ok {
		out.ManagedBy, out.ManagedByName = strOrNil(o.Tool), strOrNil(o.Name)
	}
	return out
}

// ownerCell is the OWNER column of `rules`: envdeck, another tool (with
// its name for the rule), or "-".
func ownerCell(r model.RuleRow) string {
	switch {
	case r.Owner == "":
		return "-"
	case r.OwnerName != "":
		return r.Owner + ":" + r.OwnerName
	default:
		return r.Owner
	}
}
