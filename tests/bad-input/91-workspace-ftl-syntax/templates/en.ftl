scorecard = CSF scorecard
broken message without equals
