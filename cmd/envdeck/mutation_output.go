package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/envdeck/envdeck/aws/journal"
	"github.com/envdeck/envdeck/model"
)

// Machine output of the mutating commands. Each prints one document on
// stdout; the plan table, progress and prompts go to stderr meanwhile.

// applyJSON is what every mutating command reports: the plan, whether it
// ran, the outcome of each step, and the journal of what it deleted.
type applyJSON struct {
	Plan    []planStepJSON `json:"plan"`
	Applied bool           `json:"applied"`
	Events  []eventJSON    `json:"events"`
	Journal *string        `json:"journal"`
	Errors  []errorJSON    `json:"errors,omitempty"`
}

// eventJSON is the final state of one step of an apply.
type eventJSON struct {
	Action  string             `json:"action"`
	Type    model.ResourceType `json:"type"`
	ID      string             `json:"id"`
	State   string             `json:"state"`
	Message string             `json:"message"`
	Result  string             `json:"result,omitempty"` // what a create made (e.g. the new ARN)
}

// envChangeJSON is create's, extend's and touch's document: the
// environment as in ls (after the apply; for a dry run as it is, or as the
// plan would make it), where it serves, and the apply.
type envChangeJSON struct {
	Name string `json:"name"` // also when the environment does not exist (yet)
	*envJSON
	URL *string `json:"url"`
	applyJSON
}

// destroyJSON is destroy's document.
type destroyJSON struct {
	Name string `json:"name"`
	applyJSON
}

// planApplyJSON is apply's document (a saved plan of any kind).
type planApplyJSON struct {
	Kind string `json:"kind"`
	applyJSON
}

// restoreJSON is restore's document: besides the apply, what it refused to
// bring back and why.
type restoreJSON struct {
	Refused []refusedJSON `json:"refused"`
	applyJSON
}

type refusedJSON struct {
	Type   model.ResourceType `json:"type"`
	ID     string             `json:"id"`
	Env    *string            `json:"env"`
	Reason string             `json:"reason"`
}

func toRefusedJSON(rs []model.RestoreRefusal) []refusedJSON {
	out := []refusedJSON{}
	for _, r := range rs {
		out = append(out, refusedJSON{Type: r.Type, ID: r.ID, Env: strOrNil(r.Env), Reason: r.Reason})
	}
	return out
}

// journalsJSON is restore's list of journals (restore without an ID).
type journalsJSON struct {
	Journals []journalJSON `json:"journals"`
}

type journalJSON struct {
	ID           string   `json:"id"`
	Time         string   `json:"time"`
	Kind         string   `json:"kind"`
	Account      string   `json:"account"`
	Region       string   `json:"region"`
	Profile      *string  `json:"profile"`
	Deleted      int      `json:"deleted"`
	Environments []string `json:"environments"`
}

func toJournalsJSON(list []journal.Info) journalsJSON {
	out := journalsJSON{Journals: []journalJSON{}}
	for _, j := range list {
		envs := append([]string{}, j.Envs...)
		out.Journals = append(out.Journals, journalJSON{ID: j.ID, Time: j.Meta.Time.UTC().Format(time.RFC3339),
			Kind: j.Meta.Kind, Account: j.Meta.Account, Region: j.Meta.Region, Profile: strOrNil(j.Meta.Profile),
			Deleted: j.Deleted, Environments: envs})
	}
	return out
}

// toApplyJSON reports plan and, when it ran, its result.
func toApplyJSON(plan model.Plan, res *model.ApplyResult, errs []model.SourceError) applyJSON {
	out := applyJSON{Plan: toPlanJSON(plan), Events: []eventJSON{}}
	if len(errs) > 0 {
		out.Errors = toErrorsJSON(errs)
	}
	if res == nil {
		return out
	}
	out.Applied = true
	out.Journal = strOrNil(res.JournalID)
	for _, ev := range res.Events {
		out.Events = append(out.Events, eventJSON{Action: ev.Step.Action, Type: ev.Step.Type, ID: ev.Step.ID,
			State: ev.State, Message: ev.Message, Result: ev.Result})
	}
	return out
}

// human is where a command's words for people go: stdout, or stderr when
// stdout carries a document for scripts.
func (a *app) human() io.Writer {
	if isData(a.out.format) {
		return a.stderr
	}
	return a.stdout
}

// report writes doc when the command prints a document and there is
// something to say: the apply ran, or nothing failed before it. An error
// after the apply keeps its exit code; the document still says what ran.
func (a *app) report(doc any, res *model.ApplyResult, err error) error {
	if !isData(a.out.format) || (err != nil && res == nil) {
		return err
	}
	if werr := a.writeData(doc); werr != nil && err == nil {
		return werr
	}
	return err
}

// envChange builds the document of a change to env. After an apply the
// account is read again (what show reads for env), so the environment is
// what ls would show now; a dry run shows it as it is, or as the create plan would
// make it.
func (a *app) envChange(ctx context.Context, name string, plan model.Plan, before *model.Inventory, res *model.ApplyResult) (envChangeJSON, error) {
	doc := envChangeJSON{Name: name, applyJSON: toApplyJSON(plan, res, nil)}
	cfg, err := a.config()
	if err != nil {
		return doc, err
	}
	inv := before
	if res != nil {
		if _, inv, err = a.readFor(ctx, model.EnvNeeds(name)); err != nil {
			return doc, fmt.Errorf("the plan was applied, but reading %s back failed: %w", name, err)
		}
		if len(inv.Errors) > 0 {
			doc.Errors = toErrorsJSON(inv.Errors)
		}
	}
	env, ok := inv.Env(name)
	if !ok {
		planned, made := model.PlannedEnvironment(plan)
		if !made {
			return doc, nil
		}
		env = &planned
	} else {
		ej := toEnvJSON(*env)
		doc.envJSON = &ej
	}
	doc.URL = strOrNil(model.EnvURL(cfg, *env, inv.Snapshot))
	return doc, nil
}

// finishEnvChange settles the exit code of a change to env and, with -o
// json|yaml, prints its document.
func (a *app) finishEnvChange(ctx context.Context, m mutation, name string, plan model.Plan, inv *model.Inventory, res *model.ApplyResult, err error) error {
	if err == nil {
		err = a.settle(m.exit, plan, envFindings(inv, name), inv.Errors)
	}
	if !isData(a.out.format) || (err != nil && res == nil) {
		return err
	}
	doc, derr := a.envChange(ctx, name, plan, inv, res)
	if err == nil {
		err = derr
	}
	return a.report(doc, res, err)
}
