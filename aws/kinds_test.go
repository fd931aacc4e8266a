package aws

import (
	"testing"

	"github.com/envdeck/envdeck/model"
)

// Every kind the model knows has its apply operations, and only the kinds
// that carry tags can be re-tagged.
func TestKindOpsCoverEveryKind(t *testing.T) {
	for _, k := range model.Kinds() {
		op, ok := kindOps[k.Type]
		if !ok || op.create == nil || op.recheck == nil || op.delete == nil {
			t.Errorf("%s: apply operations missing", k.Type)
		}
		if (op.retag != nil) != k.Taggable {
			t.Errorf("%s: retag set %v, taggable %v", k.Type, op.retag != nil, k.Taggable)
		}
	}
	if len(kindOps) != len(model.Kinds()) {
		t.Errorf("%d kinds have operations, the model knows %d", len(kindOps), len(model.Kinds()))
	}
}
