#!/usr/bin/python3
"""ARC (RFC 8617) with dkimpy (Debian's python3-dkim; sealing needs python3-authres), for the integration tests.

  dkimpy-arc.py seal DOMAIN SELECTOR KEYFILE AUTHSERV_ID H  -> prints the ARC Set dkimpy adds to the message on stdin:
                                                              its ARC-Authentication-Results copy the message's
                                                              Authentication-Results of AUTHSERV_ID (H: "from:to:...")
  dkimpy-arc.py verify NAME=RECORD...                       -> prints the chain validation status (pass, fail, none),
                                                              a space, and dkimpy's reason
"""
import sys
import dkim

def main():
    message = sys.stdin.buffer.read()
    if sys.argv[1] == "seal":
        domain, selector, keyfile, authserv_id, signed = sys.argv[2:7]
        with open(keyfile, "rb") as f:
            key = f.read()
        fields = dkim.arc_sign(message, selector.encode(), domain.encode(), key, authserv_id.encode(),
                               include_headers=[name.encode() for name in signed.split(":")])
        if not fields:
            sys.exit("dkimpy added no ARC Set: the message has no Authentication-Results of " + authserv_id)
        sys.stdout.buffer.write(b"".join(fields))
    else:
        records = {}
        for spec in sys.argv[2:]:
            name, record = spec.split("=", 1)
            records[name.rstrip(".") + "."] = record.encode()
        def dnsfunc(name, timeout=5):
            key = name.decode() if isinstance(name, bytes) else name
            return records.get(key if key.endswith(".") else key + ".")
        cv, results, reason = dkim.arc_verify(message, dnsfunc=dnsfunc)
        print((cv or b"fail").decode() + " " + reason)

main()
