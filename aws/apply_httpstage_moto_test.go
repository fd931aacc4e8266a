package aws_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/model"
)

// Extend on moto, whose TagResource on an HTTP API stage answers 404 (the
// real answer of moto 5.2.1, not an injected one): the stage's step fails,
// naming the stage; the apply returns an error and does not count the
// stage as extended, while the other resources' steps still run; the
// stage keeps its old expiry. Run again once the stage can be tagged (a
// client that tags by re-creating the stage with the tags, as moto cannot
// tag it), the same plan finishes: the others are already so, the stage is
// retagged.
func TestExtendHTTPStageFailsClosedOnMoto(t *testing.T) {
	p := seedAPIsPlatform(t)
	const env = "feat-t"
	create, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: env, Owner: "alice"}, applyNow)
	must(t, err)
	if _, _, err := runApply(t, p.c, p.cfg, create, t.TempDir()); err != nil {
		t.Fatalf("create: %v", err)
	}
	keys := p.cfg.Keys()
	before := p.httpStageTags(t, env)[keys.ExpiresAt]
	ext, err := model.PlanExtend(p.inventory(t, applyNow), p.cfg, env, 240*time.Hour, nil, applyNow)
	must(t, err)
	stageID := model.HTTPStageID(p.http, env)

	res, _, err := runApply(t, p.c, p.cfg, ext, t.TempDir())
	var sf *aws.StepsFailedError
	if !errors.As(err, &sf) || len(sf.Failed) != 1 || sf.Failed[0].Step.ID != stageID {
		t.Fatalf("extend with the stage untaggable: error %v, want the one failed step on %s; events %+v", err, stageID, res.Events)
	}
	if msg := err.Error(); !strings.Contains(msg, string(model.TypeHTTPStage)+" "+stageID) || !strings.Contains(msg, "404") {
		t.Errorf("error %q does not name the HTTP stage and the answer", msg)
	}
	for _, ev := range res.Events {
		want := model.EventDone
		if ev.Step.ID == stageID {
			want = model.EventFailed
		}
		if ev.State != want || (want == model.EventFailed && !strings.Contains(ev.Message, stageID)) {
			t.Errorf("%s %s: %s %q, want %s", ev.Step.Type, ev.Step.ID, ev.State, ev.Message, want)
		}
	}
	if res.Count(model.EventFailed) != 1 || !strings.Contains(res.Summary(), "1 failed") {
		t.Errorf("summary %q, want the failed step counted", res.Summary())
	}
	if got := p.httpStageTags(t, env)[keys.ExpiresAt]; got != before {
		t.Fatalf("the failed step changed the stage's expiry: %s, was %s", got, before)
	}

	fixed := p.c
	fixed.APIGWv2 = tagByRecreating{APIGatewayV2API: p.c.APIGWv2, raw: p.v2}
	res, _, err = runApply(t, fixed, p.cfg, ext, t.TempDir())
	if err != nil {
		t.Fatalf("rerun: %v %+v", err, res.Events)
	}
	for _, ev := range res.Events {
		want := model.EventSkipped
		if ev.Step.ID == stageID {
			want = model.EventDone
		}
		if ev.State != want {
			t.Errorf("rerun %s %s: %s %q, want %s", ev.Step.Type, ev.Step.ID, ev.State, ev.Message, want)
		}
	}
	if got, want := p.httpStageTags(t, env)[keys.ExpiresAt], applyNow.Add(240*time.Hour).Format(time.RFC3339); got != want {
		t.Fatalf("after the rerun the stage expires %s, want %s", got, want)
	}
}

func (p *apisPlatform) httpStageTags(t *testing.T, stage string) map[string]string {
	t.Helper()
	out, err := p.v2.GetStage(context.Background(), &apigatewayv2.GetStageInput{ApiId: awssdk.String(p.http), StageName: awssdk.String(stage)})
	must(t, err)
	return out.Tags
}

// tagByRecreating tags an HTTP API stage on moto, which cannot: it makes
// the stage again with the new tags (its auto-deploy and variables kept).
type tagByRecreating struct {
	aws.APIGatewayV2API
	raw *apigatewayv2.Client
}

func (c tagByRecreating) TagResource(ctx context.Context, in *apigatewayv2.TagResourceInput, _ ...func(*apigatewayv2.Options)) (*apigatewayv2.TagResourceOutput, error) {
	return &apigatewayv2.TagResourceOutput{}, c.retagARN(ctx, awssdk.ToString(in.ResourceArn), func(tags map[string]string) { maps.Copy(tags, in.Tags) })
}

func (c tagByRecreating) UntagResource(ctx context.Context, in *apigatewayv2.UntagResourceInput, _ ...func(*apigatewayv2.Options)) (*apigatewayv2.UntagResourceOutput, error) {
	return &apigatewayv2.UntagResourceOutput{}, c.retagARN(ctx, awssdk.ToString(in.ResourceArn), func(tags map[string]string) {
		for _, k := range in.TagKeys {
			delete(tags, k)
		}
	})
}

// retagARN retags the stage of an ARN arn:aws:apigateway:REGION::/apis/ID/stages/NAME.
func (c tagByRecreating) retagARN(ctx context.Context, arn string, change func(map[string]string)) error {
	_, path, _ := strings.Cut(arn, "::/apis/")
	api, stage, ok := strings.Cut(path, "/stages/")
	if !ok {
		return fmt.Errorf("not an HTTP API stage ARN: %s", arn)
	}
	return c.retag(ctx, api, stage, change)
}

// retag makes the stage again with change applied to a copy of its tags.
func (c tagByRecreating) retag(ctx context.Context, api, stage string, change func(map[string]string)) error {
	cur, err := c.raw.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: awssdk.String(api), StageName: awssdk.String(stage)})
	if err != nil {
		return err
	}
	if _, err := c.raw.DeleteStage(ctx, &apigatewayv2.DeleteStageInput{ApiId: awssdk.String(api), StageName: awssdk.String(stage)}); err != nil {
		return err
	}
	tags := maps.Clone(cur.Tags)
	change(tags)
	_, err = c.raw.CreateStage(ctx, &apigatewayv2.CreateStageInput{ApiId: awssdk.String(api), StageName: awssdk.String(stage),
		AutoDeploy: cur.AutoDeploy, StageVariables: cur.StageVariables, Tags: tags})
	return err
}
