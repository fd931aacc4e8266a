package main

import (
	"fmt"
	"io"

	"github.com/envdeck/envdeck/model"
)

// quota's monitoring formats, beside table, wide, json and yaml.
const (
	formatPrometheus = "prometheus"
	formatNagios     = "nagios"
)

func isQuotaMetrics(f string) bool { return f == formatPrometheus || f == formatNagios }

// checkQuotaFormat accepts every output format plus the monitoring ones.
func checkQuotaFormat(f string) error {
	if isQuotaMetrics(f) {
		return nil
	}
	if checkFormat(f) != nil {
		return fmt.Errorf("--output %q: use table, wide, json, yaml, prometheus or nagios", f)
	}
	return nil
}

// writeQuotaMetrics writes the exposition or the Nagios line; the exit
// status is quota's (3 when a source could not be read).
func (a *app) writeQuotaMetrics(format string, inv *model.Inventory, warn, crit float64) error {
	a.exit = model.QuotaExitStatus(inv, warn, crit)
	if format == formatNagios {
		line, _ := model.QuotaNagios(inv, warn, crit)
		_, err := fmt.Fprintln(a.stdout, line)
		return err
	}
	_, err := io.WriteString(a.stdout, model.QuotaPrometheus(inv))
	return err
}

// nagiosUnknown makes an error a Nagios answer: monitors read stdout, so
// the error is also one UNKNOWN line there, and the exit status is 3.
func (a *app) nagiosUnknown(format string, err error) error {
	if err == nil || format != formatNagios {
		return err
	}
	fmt.Fprintln(a.stdout, "QUOTA UNKNOWN - "+oneLine(err.Error()))
	return exitCode(3, "%s", err.Error())
}
