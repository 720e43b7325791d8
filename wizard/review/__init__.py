"""The advisors' review: revisions frozen at each submission, verdicts per conclusion, comments,
decisions, the queue, and the respondent's view of it all. See docs/review.md."""
