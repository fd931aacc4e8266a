package model

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// nagiosStates are the plugin states by exit status.
var nagiosStates = [...]string{"OK", "WARNING", "CRITICAL", "UNKNOWN"}

// QuotaNagios is a Nagios plugin's answer for inv: one status line with
// performance data, and its exit status (QuotaExitStatus: 0 OK, 1 WARNING,
// 2 CRITICAL, 3 UNKNOWN).
//
//	QUOTA CRITICAL - Stages per REST API 9/10 (90%) | stages=9;8;9;0;10 ...
//
// The text names every quota at or above warn, fullest first; an OK line
// names the fullest quota and the environments that still fit; UNKNOWN
// names the sources that could not be read and the quotas not measured.
// Each measured quota has a perf label (its kind, plus its scope when two
// share a kind) with value;warn;crit;0;limit, warn and crit as counts
// (limit × threshold %); envs_remaining follows.
func QuotaNagios(inv *Inventory, warn, crit float64) (string, int) {
	code := QuotaExitStatus(inv, warn, crit)
	return "QUOTA " + nagiosStates[code] + " - " + nagiosText(inv, warn, code) + " | " + nagiosPerf(inv, warn, crit), code
}

func nagiosText(inv *Inventory, warn float64, code int) string {
	if code == 3 {
		var parts []string
		for _, e := range inv.Errors {
			parts = append(parts, e.Source+" could not be read: "+oneLine(e.Message))
		}
		for _, q := range inv.Quotas {
			if !quotaKnown(q) {
				parts = append(parts, q.Name+" not measured")
			}
		}
		if len(parts) == 0 {
			parts = append(parts, "no quota measured")
		}
		return strings.ReplaceAll(strings.Join(parts, "; "), "|", "/")
	}
	qs := append([]QuotaUsage(nil), inv.Quotas...)
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].Percent > qs[j].Percent })
	if code == 0 {
		return fmt.Sprintf("%s fit; fullest %s", plural(inv.Capacity.EnvsRemaining, "more environment"), quotaText(qs[0]))
	}
	var over []string
	for _, q := range qs {
		if q.Percent >= warn {
			over = append(over, quotaText(q))
		}
	}
	return strings.Join(over, ", ")
}

// quotaText is "Stages per REST API 9/10 (90%)".
func quotaText(q QuotaUsage) string {
	return fmt.Sprintf("%s %d/%d (%s%%)", q.Name, q.Used, q.Limit, strconv.FormatFloat(q.Percent, 'f', -1, 64))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// perfKinds are the perf data labels of the quota codes.
var perfKinds = map[string]string{
	QuotaRulesPerALB:        "rules",
	QuotaTargetGroupsPerALB: "target_groups",
	QuotaStagesPerAPI:       "stages",
	QuotaAliasesPerDist:     "aliases",
	QuotaRecordsPerZone:     "records",
	QuotaFreeSlots:          "slots",
}

var perfUnsafe = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func nagiosPerf(inv *Inventory, warn, crit float64) string {
	kinds := map[string]int{}
	for _, q := range inv.Quotas {
		kinds[perfKind(q)]++
	}
	var parts []string
	for _, q := range inv.Quotas {
		if !quotaKnown(q) {
			continue
		}
		label := perfKind(q)
		if kinds[label] > 1 {
			label += "_" + perfUnsafe.ReplaceAllString(q.Scope, "_")
		}
		at := func(pct float64) string { return strconv.FormatFloat(float64(q.Limit)*pct/100, 'f', -1, 64) }
		parts = append(parts, fmt.Sprintf("%s=%d;%s;%s;0;%d", label, q.Used, at(warn), at(crit), q.Limit))
	}
	if code := QuotaExitStatus(inv, warn, crit); code != 3 {
		parts = append(parts, fmt.Sprintf("envs_remaining=%d;;;0", inv.Capacity.EnvsRemaining))
	}
	return strings.Join(parts, " ")
}

func perfKind(q QuotaUsage) string {
	if k, ok := perfKinds[q.Code]; ok {
		return k
	}
	return strings.ToLower(perfUnsafe.ReplaceAllString(q.Code, "_"))
}
