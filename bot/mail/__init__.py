"""Staff replies a web-chat customer did not see, sent by e-mail (docs/architecture.md#email).

`config.py` reads `SMTP_URL` and the durations; `compose.py` writes the e-mail from brand.yaml's
`email:` texts; `sender.py` hands it to the SMTP server (aiosmtplib, never blocking the loop);
`followups.py` decides which replies go, when, and once, on durable timers.
"""
