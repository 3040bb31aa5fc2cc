# The decision meeting (consent rounds, plan) arrives with the besluitvorming issue.
