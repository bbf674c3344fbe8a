"""Pure domain: records, rules and figures of a job search. Never imports textual or does I/O."""
