#!/usr/bin/python3
"""Signs or verifies a message read from stdin with dkimpy (Debian's python3-dkim), for interoperability tests.

  dkimpy-tool.py sign DOMAIN SELECTOR KEYFILE ALGORITHM HEADER/BODY [H]  -> prints the DKIM-Signature field
                                                                          (H: the fields to sign, "from:to:...")
  dkimpy-tool.py verify NAME=RECORD...                                 -> prints "pass" or "fail" per signature
"""
import sys
import dkim

def main():
    message = sys.stdin.buffer.read()
    if sys.argv[1] == "sign":
        domain, selector, keyfile, algorithm, canon = sys.argv[2:7]
        signed = sys.argv[7] if len(sys.argv) > 7 else "from:to:subject:date:message-id"
        with open(keyfile, "rb") as f:
            key = f.read()
        header, body = canon.split("/")
        field = dkim.sign(message, selector.encode(), domain.encode(), key,
                          canonicalize=(header.encode(), body.encode()),
                          signature_algorithm=algorithm.encode(),
                          include_headers=[name.encode() for name in signed.split(":")])
        sys.stdout.buffer.write(field)
    else:
        records = {}
        for spec in sys.argv[2:]:
            name, record = spec.split("=", 1)
            records[name.rstrip(".") + "."] = record.encode()
        def dnsfunc(name, timeout=5):
            key = name.decode() if isinstance(name, bytes) else name
            return records.get(key if key.endswith(".") else key + ".")
        verifier = dkim.DKIM(message, minkey=1024)
        count = sum(1 for name, _ in verifier.headers if name.lower() == b"dkim-signature")
        for index in range(max(count, 1)):
            ok = verifier.verify(idx=index, dnsfunc=dnsfunc)
            print("pass" if ok else "fail")

main()
