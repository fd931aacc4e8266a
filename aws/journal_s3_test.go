package aws_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/envdeck/envdeck/aws"
	"github.com/envdeck/envdeck/aws/awstest"
	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

const journalBucket = "team-journals"

// A destroy journaled to S3 (moto, behind the proxy that logs every call):
// the journal object is stored before the first delete and again before
// each later one, asks for AES256 encryption, and reads back exactly as the
// same journal does from a local folder (list, read, history, the
// account's entries).
func TestS3JournalsBehaveLikeLocal(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	sdk := awstest.SDKOf(t, p.c)
	ctx := context.Background()
	_, err := sdk.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: awssdk.String(journalBucket)})
	must(t, err)
	proxy := awstest.NewProxy(t, p.endpoint)
	c := proxy.Clients(t)
	js := aws.S3Journals(c.S3, journalBucket, "/envdeck/dev/")
	if js.Where() != "s3://team-journals/envdeck/dev" {
		t.Errorf("Where = %q", js.Where())
	}

	create, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", Owner: "alice"}, applyNow)
	must(t, err)
	if res, err := aws.Apply(ctx, c, p.cfg, create, js, nil); err != nil || res.JournalID != "" {
		t.Fatalf("create: %v, journal %q", err, res.JournalID)
	}
	if list, err := js.List(ctx); err != nil || len(list) != 0 {
		t.Fatalf("a create (nothing deleted) left journals %v (%v)", list, err)
	}

	destroy, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, "feat-a", applyNow)
	must(t, err)
	proxy.ResetLog()
	res, err := aws.Apply(ctx, c, p.cfg, destroy, js, nil)
	if err != nil || res.JournalID == "" {
		t.Fatalf("destroy: %v, journal %q", err, res.JournalID)
	}
	checkJournaledBeforeEachDelete(t, proxy.Log(), len(destroy.Steps))

	obj, err := sdk.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: awssdk.String(journalBucket), Key: awssdk.String("envdeck/dev/" + res.JournalID + ".jsonl")})
	must(t, err)
	body, err := io.ReadAll(obj.Body)
	obj.Body.Close()
	must(t, err)
	if obj.ServerSideEncryption != s3types.ServerSideEncryptionAes256 {
		t.Errorf("journal object encryption %q, want AES256", obj.ServerSideEncryption)
	}

	// The same bytes in a local folder read back the same.
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, res.JournalID+".jsonl"), body, 0o600))
	local := aws.LocalJournals(dir)
	fromS3, metaS3, err := js.Read(ctx, res.JournalID)
	must(t, err)
	fromDir, metaDir, err := local.Read(ctx, res.JournalID)
	must(t, err)
	if len(fromS3) != len(destroy.Steps) || metaS3.Kind != model.PlanKindDestroy || !reflect.DeepEqual(fromS3, fromDir) || metaS3 != metaDir {
		t.Fatalf("S3 read %d entries (%+v), local %d", len(fromS3), metaS3, len(fromDir))
	}
	for i, e := range fromS3 {
		if e.Step.ID != destroy.Steps[i].ID || e.Def.Fingerprint() == "" {
			t.Errorf("entry %d: %s", i, e.Step.ID)
		}
	}
	listS3, err := js.List(ctx)
	must(t, err)
	listDir, err := local.List(ctx)
	must(t, err)
	if len(listS3) != 1 || !strings.HasPrefix(listS3[0].Path, "s3://team-journals/envdeck/dev/") {
		t.Fatalf("S3 list %+v", listS3)
	}
	listS3[0].Path, listDir[0].Path = "", ""
	if !reflect.DeepEqual(listS3, listDir) {
		t.Errorf("lists differ:\n s3    %+v\n local %+v", listS3, listDir)
	}
	proxy.ResetLog()
	rS3, err := journal.Records(ctx, js)
	must(t, err)
	if n, lists := proxy.Count(awstest.ServiceS3, "GetObject"), proxy.Count(awstest.ServiceS3, "ListObjectsV2"); n != 1 || lists != 1 {
		t.Errorf("reading the history made %d GetObject and %d ListObjectsV2 calls, want 1 each (each journal read once)", n, lists)
	}
	rDir, err := journal.Records(ctx, local)
	must(t, err)
	hS3 := model.JournalHistory(rS3, p.cfg.Keys(), "123456789012")
	hDir := model.JournalHistory(rDir, p.cfg.Keys(), "123456789012")
	if len(hS3) != 1 || !reflect.DeepEqual(hS3, hDir) {
		t.Errorf("history: s3 %+v, local %+v", hS3, hDir)
	}
	eS3, err := journal.AccountEntries(ctx, js, "123456789012")
	must(t, err)
	if !reflect.DeepEqual(eS3, fromS3) {
		t.Errorf("account entries differ from the journal's")
	}

	for _, id := range []string{"../" + res.JournalID, "", ".hidden"} {
		if _, _, err := js.Read(ctx, id); err == nil {
			t.Errorf("Read(%q) accepted", id)
		}
	}
	if _, _, err := js.Read(ctx, "20260101T000000Z-0000"); err == nil || !strings.Contains(err.Error(), "not in s3://team-journals/envdeck/dev") {
		t.Errorf("a missing journal: %v", err)
	}
	if _, err := aws.S3Journals(c.S3, "no-such-bucket", "x").List(ctx); err == nil {
		t.Error("listing a bucket that does not exist is no error")
	}
}

// checkJournaledBeforeEachDelete: a PutObject of the journal precedes the
// first delete call, and one more precedes each later delete.
func checkJournaledBeforeEachDelete(t *testing.T, calls []awstest.Call, deletes int) {
	t.Helper()
	puts, seen := 0, 0
	for _, c := range calls {
		switch {
		case c.Service == awstest.ServiceS3 && c.Action == "PutObject":
			puts++
		case strings.HasPrefix(c.Action, "Delete") || c.Action == "ChangeResourceRecordSets" || c.Action == "UpdateDistribution":
			seen++
			if puts < seen {
				t.Fatalf("delete %d (%s %s) before its journal write (%d PutObject so far)", seen, c.Service, c.Action, puts)
			}
		}
	}
	if seen != deletes || puts != deletes {
		t.Fatalf("%d deletes and %d journal writes, want %d each", seen, puts, deletes)
	}
}

// A journal store that refuses writes stops every delete: each step fails
// with the journal's error, no delete call is made, and there is no journal.
func TestS3JournalRefusedWriteDeletesNothing(t *testing.T) {
	p := seedApplyPlatform(t, 0)
	ctx := context.Background()
	_, err := awstest.SDKOf(t, p.c).S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: awssdk.String(journalBucket)})
	must(t, err)
	create, err := model.PlanCreate(p.inventory(t, applyNow), p.cfg, model.CreateRequest{Name: "feat-a", Owner: "alice"}, applyNow)
	must(t, err)
	_, _, err = runApply(t, p.c, p.cfg, create, t.TempDir())
	must(t, err)
	destroy, err := model.PlanDestroy(p.inventory(t, applyNow), p.cfg, "feat-a", applyNow)
	must(t, err)

	proxy := awstest.NewProxy(t, p.endpoint, awstest.On(awstest.ServiceS3, "PutObject", awstest.AccessDenied()))
	c := proxy.Clients(t)
	res, err := aws.Apply(ctx, c, p.cfg, destroy, aws.S3Journals(c.S3, journalBucket, "envdeck"), nil)
	if err == nil || res.JournalID != "" {
		t.Fatalf("apply with a refused journal: err %v, journal %q", err, res.JournalID)
	}
	for _, ev := range res.Events {
		if ev.State == model.EventDone {
			t.Errorf("step %s done although its journal entry was refused", ev.Step.ID)
		}
	}
	if n := proxy.CountWhere(func(c awstest.Call) bool { return strings.HasPrefix(c.Action, "Delete") }); n != 0 {
		t.Fatalf("%d delete calls reached AWS without a journal", n)
	}
	if _, ok := p.inventory(t, applyNow).Env("feat-a"); !ok {
		t.Fatal("feat-a is gone")
	}
}
