package org.mailauth.dns;

/** The record types email authentication looks up. */
public enum RecordType { TXT, A, AAAA, MX, PTR }
