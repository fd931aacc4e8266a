package model

// accountAliasNames returns the lowercase aliases of every distribution of
// the account.
func accountAliasNames(ds []DistributionSummary) map[string]bool {
	set := map[string]bool{}
	for _, d := range ds {
		for _, a := range d.Aliases {
			set[dnsName(a)] = true
		}
	}
	return set
}

// distributionAt returns the distribution of the account whose domain name
// is domain (dxxxx.cloudfront.net).
func distributionAt(ds []DistributionSummary, domain string) (DistributionSummary, bool) {
	domain = dnsName(domain)
	for _, d := range ds {
		if dnsName(d.DomainName) == domain {
			return d, true
		}
	}
	return DistributionSummary{}, false
}

// RecordHeldBy returns the distribution of ds that holds name as an alias
// (itself or a wildcard covering it), "" when none does: the test of the
// dangling-record finding, asked again by apply just before the delete.
func RecordHeldBy(ds []DistributionSummary, name string) string {
	for _, d := range ds {
		if nameSetCovers(accountAliasNames([]DistributionSummary{d}), name) {
			return d.ID
		}
	}
	return ""
}
