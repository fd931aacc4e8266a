package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/envdeck/envdeck/aws/awstest"
)

// journal: s3://... shares the journal with the team: gc --apply --yes on
// one machine journals to the bucket (the object is written before the
// first delete, per the proxy's log) and nothing to its local folder;
// restore on another machine (a fresh HOME) lists that journal and brings
// back every resource field by field.
func TestSharedS3JournalRestoresFromAnotherHome(t *testing.T) {
	endpoint := awstest.SharedMoto(t)
	now := time.Now().UTC().Truncate(time.Second)
	fx := awstest.SeedHostPlatform(t, awstest.MotoClients(t, endpoint), now)
	sdk := awstest.MotoSDK(endpoint)
	if _, err := sdk.S3.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: awssdk.String("team-journals")}); err != nil {
		t.Fatal(err)
	}
	proxy := awstest.NewProxy(t, endpoint)
	config := writeFile(t, t.TempDir(), "envdeck.yaml", fx.ConfigYAML+"journal: s3://team-journals/envdeck/dev\n")
	flags := []string{"--config", config, "--endpoint-url", proxy.URL}
	clients := awstest.MotoClients(t, endpoint)
	before := accountDefinitions(t, clients, fx.Config)

	ci := newCLI(t)
	ci.now = now
	proxy.ResetLog()
	r := ci.run(append([]string{"gc", "--apply", "--yes", "-o", "json"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("gc --apply: exit %d\n%s", r.code, r.stderr)
	}
	var applied gcJSON
	mustJSON(t, r.stdout, &applied)
	if applied.Journal == nil || len(applied.Plan) == 0 {
		t.Fatalf("gc --apply: journal %v, plan %v", applied.Journal, applied.Plan)
	}
	id := *applied.Journal
	firstPut, firstDelete := -1, -1
	for i, c := range proxy.Log() {
		if firstPut < 0 && c.Service == awstest.ServiceS3 && c.Action == "PutObject" && strings.Contains(c.Path, "/team-journals/envdeck/dev/"+id+".jsonl") {
			firstPut = i
		}
		if firstDelete < 0 && (strings.HasPrefix(c.Action, "Delete") || c.Action == "ChangeResourceRecordSets" || c.Action == "UpdateDistribution") {
			firstDelete = i
		}
	}
	if firstPut < 0 || firstDelete < 0 || firstPut > firstDelete {
		t.Fatalf("journal PutObject at call %d, first delete at call %d: the journal must be stored first", firstPut, firstDelete)
	}
	if files, _ := filepath.Glob(filepath.Join(ci.env["XDG_STATE_HOME"], "envdeck", "*.jsonl")); len(files) != 0 {
		t.Errorf("journals also written locally: %v", files)
	}

	laptop := newCLI(t) // another machine: nothing in its HOME
	laptop.now = now
	r = laptop.run(append([]string{"restore", "-o", "json", "--jq", ".journals[].id"}, flags...)...)
	if strings.TrimSpace(r.stdout) != id {
		t.Fatalf("restore lists %q, want %s (exit %d %s)", r.stdout, id, r.code, r.stderr)
	}
	r = laptop.run(append([]string{"restore", id, "--yes", "--keep-expiry"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("restore: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	checkRestored(t, before, accountDefinitions(t, clients, fx.Config))

	// A bucket that cannot be listed is an error, never "no journals".
	missing := writeFile(t, t.TempDir(), "envdeck.yaml", fx.ConfigYAML+"journal: s3://no-such-bucket/envdeck\n")
	r = laptop.run("restore", "--config", missing, "--endpoint-url", proxy.URL)
	if r.code != 1 || !strings.Contains(r.stderr, "s3://no-such-bucket/envdeck") || strings.Contains(r.stdout, "No journals") {
		t.Errorf("restore from a missing bucket: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The forecast counts what the shared journal remembers, on any machine.
	plain := writeFile(t, t.TempDir(), "envdeck.yaml", fx.ConfigYAML)
	perDay := func(config string) string {
		r := laptop.run("quota", "-o", "json", "--jq", ".forecast.creations_per_day", "--config", config, "--endpoint-url", proxy.URL)
		return strings.TrimSpace(r.stdout)
	}
	laptop.run(append([]string{"gc", "--apply", "--yes"}, flags...)...) // collected again: history only in the journal
	shared, local := perDay(config), perDay(plain)
	t.Logf("creations per day: shared %s, local %s", shared, local)
	if shared == local || shared == "" {
		t.Errorf("creations per day with the shared journal %q, without %q: the history is not read from S3", shared, local)
	}
	if _, err := os.Stat(filepath.Join(laptop.env["XDG_STATE_HOME"], "envdeck")); err == nil {
		if files, _ := filepath.Glob(filepath.Join(laptop.env["XDG_STATE_HOME"], "envdeck", "*.jsonl")); len(files) != 0 {
			t.Errorf("restore wrote local journals: %v", files)
		}
	}
}
