#!/usr/bin/python3
"""Seals or validates the ARC chain of a message read from stdin with dkimpy (Debian's python3-dkim, whose ARC sealing
needs python3-authres), for interoperability tests. Keys are looked up on the DNS server given, through dnspython.

  dkimpy-arc-tool.py seal DOMAIN SELECTOR KEYFILE AUTHSERV_ID TIMESTAMP  -> prints the new ARC Set, ARC-Seal first
                                                                          (the message must carry an
                                                                          Authentication-Results of AUTHSERV_ID)
  dkimpy-arc-tool.py verify HOST PORT                                    -> prints the chain's status, then the reason
"""
import sys

import dkim
import dns.rdatatype
import dns.resolver


def txt_lookup(host, port):
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host]
    resolver.port = int(port)

    def get_txt(name, timeout=5):
        name = name.decode() if isinstance(name, bytes) else name
        try:
            answer = resolver.resolve(name, dns.rdatatype.TXT, raise_on_no_answer=False, lifetime=timeout)
        except dns.resolver.NXDOMAIN:
            return None
        for rrset in answer.response.answer:
            if rrset.rdtype == dns.rdatatype.TXT:
                for rdata in rrset:
                    return b"".join(rdata.strings)
        return None

    return get_txt


def main():
    message = sys.stdin.buffer.read()
    if sys.argv[1] == "seal":
        domain, selector, keyfile, authserv_id, timestamp = sys.argv[2:7]
        with open(keyfile, "rb") as f:
            key = f.read()
        fields = dkim.arc_sign(message, selector.encode(), domain.encode(), key, authserv_id.encode(), timestamp=int(timestamp))
        if not fields:
            sys.exit("dkimpy added no ARC Set")
        sys.stdout.buffer.write(b"".join(fields))
    else:
        host, port = sys.argv[2:4]
        status, _, reason = dkim.arc_verify(message, dnsfunc=txt_lookup(host, port))
        print(status.decode() if status else "none")
        print(reason)


main()
