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
