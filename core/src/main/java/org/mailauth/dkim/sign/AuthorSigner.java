package org.mailauth.dkim.sign;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.keys.SigningKeys;
import org.mailauth.message.FromField;
import org.mailauth.message.HeaderSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs outbound mail for its author, as OpenDKIM does (RFC 6376 §5): the author address, the first mailbox of the
 * From field (RFC 5322 §3.6.2), chooses the keys from {@link SigningKeys}; each key makes one DKIM-Signature field,
 * each standing on its own (§4.2), and the message passes once for all of them. Built once and shared: it holds the
 * keys and the settings, never a message.
 */
public final class AuthorSigner {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuthorSigner.class);

    private final SigningKeys keys;
    private final SigningSettings settings;
    private final Optional<DkimAlgorithm> algorithm;

    /** {@code algorithm}: when given, a key of another algorithm is not used (and logged). */
    public AuthorSigner(SigningKeys keys, SigningSettings settings, Optional<DkimAlgorithm> algorithm) {
        this.keys = Objects.requireNonNull(keys);
        this.settings = Objects.requireNonNull(settings);
        this.algorithm = Objects.requireNonNull(algorithm);
    }

    /** The signing of the message with this header section: its author and the keys chosen for them. */
    public Signing signing(HeaderSection header) {
        Optional<String> author = FromField.authorAddress(header);
        if (author.isEmpty()) {
            return new Signing(author, List.of(), List.of());
        }
        SigningKeys.Selection selection = keys.select(author.get());
        List<SigningKey> usable = new ArrayList<>();
        for (SigningKey key : selection.keys()) {
            if (algorithm.isEmpty() || algorithm.get() == key.algorithm()) {
                usable.add(key);
            } else {
                LOGGER.error("mailauth: DKIM key {} is {}, not the configured {}; not used", key, key.algorithm().tagValue(),
                    algorithm.get().tagValue());
            }
        }
        return new Signing(author, usable, selection.failures());
    }

    /** Who wrote a message, which keys sign it, and why any other key meant for its author cannot. */
    public final class Signing {
        private final Optional<String> author;
        private final List<SigningKey> keys;
        private final List<String> failures;

        private Signing(Optional<String> author, List<SigningKey> keys, List<String> failures) {
            this.author = author;
            this.keys = List.copyOf(keys);
            this.failures = List.copyOf(failures);
        }

        /** The author address; empty when the message has no From field that can be read, and then no key signs it. */
        public Optional<String> author() {
            return author;
        }

        /** The keys that sign the message, in the order {@link SigningKeys} chose them; empty when none does. */
        public List<SigningKey> keys() {
            return keys;
        }

        /** One message per key meant for the author that cannot be used (a key file removed, readable by others, broken). */
        public List<String> failures() {
            return failures;
        }

        /**
         * Why the message cannot be signed as it should: no key meant for its author can be used, or, when
         * {@code everyKey}, one of them cannot; empty when it can (or when no key is meant for it at all).
         */
        public Optional<String> problem(boolean everyKey) {
            if (failures.isEmpty() || !everyKey && !keys.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of((keys.isEmpty() ? "no usable key for " : "not every key usable for ") + author.orElse("") + ": "
                + String.join("; ", failures));
        }

        /** A stream to write the raw message into once; {@link Session#finish()} gives one field per key. */
        public Session start() {
            List<DkimSigner.Session> sessions = new ArrayList<>();
            for (SigningKey key : keys) {
                sessions.add(new DkimSigner(key, settings).start());
            }
            return new Session(sessions);
        }
    }

    /** One message being signed with several keys. Not thread-safe. */
    public static final class Session extends OutputStream {
        private final List<DkimSigner.Session> sessions;

        private Session(List<DkimSigner.Session> sessions) {
            this.sessions = sessions;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (DkimSigner.Session session : sessions) {
                session.write(bytes, offset, length);
            }
        }

        /** The DKIM-Signature fields (folded, without the final CRLF), one per key, to put on top of the message in this order. */
        public List<String> finish() {
            List<String> fields = new ArrayList<>();
            for (DkimSigner.Session session : sessions) {
                fields.add(session.finish());
            }
            return fields;
        }
    }
}
