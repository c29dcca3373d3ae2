package org.mailauth.james.mailets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.dkim.Canonicalization;
import org.mailauth.dkim.keys.KeyFiles;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.keys.SigningKeys;
import org.mailauth.dkim.keys.TableLocation;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs outgoing mail with DKIM (RFC 6376; rsa-sha256, and ed25519-sha256 of RFC 8463), putting the
 * DKIM-Signature fields on top of the message. Place it last before RemoteDelivery, after ConvertTo7Bit,
 * so it signs the bytes that go out.
 *
 * <p>One key: {@code domain}, {@code selector}, {@code privateKeyFile}. Or OpenDKIM's tables:
 * {@code keyTable} and {@code signingTable} (see {@link org.mailauth.dkim.keys.SigningTable} for how patterns match the From
 * address), with {@code multipleSignatures} to sign with every matching entry. Also: {@code algorithm}
 * (checked against the key), {@code canonicalization} (default relaxed/relaxed), {@code headers}
 * (colon-separated; default the RFC 6376 §5.4.1 set), {@code expiration} (x= this long after t=, e.g.
 * {@code 7d}), {@code allowGroupReadableKeys}, {@code onError}: what happens to a mail that cannot be signed
 * (its key file became unreadable, the message cannot be read): {@code unsigned} (default) logs why, naming the key,
 * and sends it with the signatures of the keys that still work, or unsigned when none does; {@code error} fails the
 * mail, and James's {@code onMailetException} decides what then.
 * Relative file names are relative to James's folder (the one holding {@code conf/}); relative key files in a
 * KeyTable are relative to the KeyTable's folder. Every key is read at start-up: a missing, unreadable or too open key stops James and is named.
 * A table or key file changed while James runs is read again for the next mail; a changed table that cannot be read
 * is logged once and the previous one stays in use.
 */
public final class DKIMSign extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DKIMSign.class);
    private static final Set<String> PARAMETERS = Set.of("domain", "selector", "privateKeyFile", "algorithm",
        "canonicalization", "headers", "expiration", "keyTable", "signingTable", "multipleSignatures",
        "allowGroupReadableKeys", "onError");

    private final Clock clock;
    private final FileSystem fileSystem;
    private SigningKeys keys;
    private SigningSettings settings;
    private Optional<String> algorithm;
    private boolean failOnError;

    @Inject
    public DKIMSign(Clock clock, FileSystem fileSystem) {
        this.clock = clock;
        this.fileSystem = fileSystem;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, PARAMETERS);
        settings = signingSettings(parameters);
        algorithm = parameters.optional("algorithm");
        if (algorithm.isPresent() && !algorithm.get().equals("rsa-sha256") && !algorithm.get().equals("ed25519-sha256")) {
            throw parameters.invalid("algorithm", "rsa-sha256 or ed25519-sha256 (rsa-sha1 is not allowed, RFC 8301 §3.1), not '"
                + algorithm.get() + "'");
        }
        String onError = parameters.optional("onError").orElse("unsigned");
        if (!onError.equals("unsigned") && !onError.equals("error")) {
            throw parameters.invalid("onError", "unsigned or error, not '" + onError + "'");
        }
        failOnError = onError.equals("error");
        KeyFiles files = new KeyFiles(parameters.bool("allowGroupReadableKeys", false));
        keys = signingKeys(parameters, files);
        try {
            keys.check();
        } catch (IOException | IllegalArgumentException e) {
            throw new MessagingException("mailet " + getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    private SigningKeys signingKeys(MailetParameters parameters, KeyFiles files) throws MessagingException {
        Optional<String> keyTable = parameters.optional("keyTable");
        Optional<String> signingTable = parameters.optional("signingTable");
        Optional<String> keyFile = parameters.optional("privateKeyFile");
        if (keyTable.isPresent() || signingTable.isPresent()) {
            if (keyTable.isEmpty() || signingTable.isEmpty()) {
                throw parameters.invalid(keyTable.isEmpty() ? "keyTable" : "signingTable", "keyTable and signingTable go together");
            }
            for (String single : List.of("domain", "selector", "privateKeyFile")) {
                if (parameters.optional(single).isPresent()) {
                    throw parameters.invalid(single, "not with keyTable/signingTable: the tables say which key signs");
                }
            }
            try {
                return SigningKeys.tableFiles(files, Path.of(file(keyTable.get())), Path.of(file(signingTable.get())),
                    parameters.bool("multipleSignatures", false));
            } catch (IOException e) {
                throw new MessagingException("mailet " + getClass().getName() + ": " + e.getMessage(), e);
            }
        }
        if (keyFile.isEmpty()) {
            throw new MessagingException("mailet " + getClass().getName()
                + ": give domain, selector and privateKeyFile, or keyTable and signingTable");
        }
        String domain = parameters.optional("domain").orElseThrow(() -> parameters.invalid("domain", "required with privateKeyFile"));
        String selector = parameters.optional("selector").orElseThrow(() -> parameters.invalid("selector", "required with privateKeyFile"));
        return SigningKeys.single(files, Path.of(file(keyFile.get())), domain, selector);
    }

    /**
     * A path as given when absolute, else relative to James's folder (the one holding conf/). OpenDKIM's
     * data set prefixes {@code refile:} and {@code file:}, and James's {@code file://}, are dropped ({@link TableLocation}).
     */
    private String file(String location) throws MessagingException {
        String plain = TableLocation.path(location);
        Path path = Path.of(plain);
        if (path.isAbsolute()) {
            return plain;
        }
        try {
            return fileSystem.getBasedir().toPath().resolve(path).toString();
        } catch (IOException e) {
            throw new MessagingException("mailet " + getClass().getName() + ": James's folder is unknown: " + e.getMessage(), e);
        }
    }

    private SigningSettings signingSettings(MailetParameters parameters) throws MessagingException {
        SigningSettings.Builder builder = SigningSettings.builder().clock(clock);
        Optional<String> canonicalization = parameters.optional("canonicalization");
        if (canonicalization.isPresent()) {
            String[] parts = canonicalization.get().toLowerCase(Locale.ROOT).split("/");
            try {
                builder.canonicalization(Canonicalization.valueOf(parts[0].toUpperCase(Locale.ROOT)),
                    Canonicalization.valueOf((parts.length > 1 ? parts[1] : "simple").toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw parameters.invalid("canonicalization", "HEADER/BODY, each simple or relaxed, not '" + canonicalization.get() + "'");
            }
        }
        Optional<String> headers = parameters.optional("headers");
        if (headers.isPresent()) {
            builder.headers(Arrays.stream(headers.get().split(":")).map(String::trim).filter(name -> !name.isEmpty())
                .collect(Collectors.toList()));
        }
        Optional<String> expiration = parameters.optional("expiration");
        if (expiration.isPresent()) {
            builder.lifetime(duration(expiration.get()).orElseThrow(() -> parameters.invalid("expiration",
                "a number of seconds, or a number followed by s, m, h or d, not '" + expiration.get() + "'")));
        }
        return builder.build();
    }

    private static Optional<Duration> duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        long factor = 1;
        if (!value.isEmpty() && "smhd".indexOf(value.charAt(value.length() - 1)) >= 0) {
            factor = new long[] {1, 60, 3600, 86400}["smhd".indexOf(value.charAt(value.length() - 1))];
            value = value.substring(0, value.length() - 1);
        }
        try {
            long amount = Long.parseLong(value);
            return amount > 0 ? Optional.of(Duration.ofSeconds(amount * factor)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        try {
            sign(mail);
        } catch (IOException | MessagingException | RuntimeException e) {
            LOGGER.error("DKIMSign: mail {} {}: {}", mail.getName(), failOnError ? "fails" : "goes out unsigned", e.getMessage());
            if (failOnError) {
                throw e instanceof MessagingException ? (MessagingException) e
                    : new MessagingException("DKIMSign: mail " + mail.getName() + " could not be signed: " + e.getMessage(), e);
            }
        }
    }

    private void sign(Mail mail) throws IOException, MessagingException {
        MimeMessage message = mail.getMessage();
        Optional<String> author = authorAddress(message);
        if (author.isEmpty()) {
            LOGGER.warn("DKIMSign: mail {} has no readable From address; not signed", mail.getName());
            return;
        }
        SigningKeys.Selection selection = keys.select(author.get());
        if (!selection.failures().isEmpty()) {
            String failures = String.join("; ", selection.failures());
            if (failOnError || selection.keys().isEmpty()) {
                throw new IOException((selection.keys().isEmpty() ? "no usable key for " : "not every key usable for ")
                    + author.get() + ": " + failures);
            }
            LOGGER.error("DKIMSign: mail {} from {} is signed without the keys that cannot be used: {}", mail.getName(),
                author.get(), failures);
        }
        List<SigningKey> signingKeys = selection.keys();
        if (signingKeys.isEmpty()) {
            LOGGER.debug("DKIMSign: no signing table entry for {}", author.get());
            return;
        }
        normalizeMimeVersion(message);
        List<String> signatures = new ArrayList<>();
        for (SigningKey key : signingKeys) {
            if (algorithm.isPresent() && !algorithm.get().equals(key.algorithm().tagValue())) {
                LOGGER.error("DKIMSign: key {} is {}, not the configured {}; not used", key, key.algorithm().tagValue(), algorithm.get());
                continue;
            }
            DkimSigner.Session session = new DkimSigner(key, settings).start();
            message.writeTo(session);
            signatures.add(session.finish());
        }
        if (!signatures.isEmpty()) {
            HeaderFields.putOnTop(mail, signatures, (name, value) -> false);
        }
    }

    /**
     * James 3.8 rewrites MIME-Version to exactly "1.0" whenever it saves a message, e.g. in RemoteDelivery for a
     * server without 8BITMIME (JAMES-3742); a comment such as Apple Mail's "1.0 (Mac OS X Mail 16.0 ...)" would be
     * lost after signing and break the signature. The value is equivalent without the comment (RFC 2045 §4).
     */
    private static void normalizeMimeVersion(MimeMessage message) throws MessagingException {
        String[] versions = message.getHeader("MIME-Version");
        if (versions != null && versions.length == 1 && !versions[0].equals("1.0") && versions[0].trim().startsWith("1.0")) {
            message.setHeader("MIME-Version", "1.0");
        }
    }

    /** The address of the first mailbox of the first From field (RFC 6376 §5.4 signs From). */
    static Optional<String> authorAddress(MimeMessage message) throws MessagingException {
        String[] from = message.getHeader("From");
        if (from == null) {
            return Optional.empty();
        }
        for (String value : from) {
            try {
                InternetAddress[] addresses = InternetAddress.parseHeader(value, false);
                if (addresses.length > 0 && addresses[0].getAddress() != null && addresses[0].getAddress().contains("@")) {
                    return Optional.of(addresses[0].getAddress());
                }
            } catch (AddressException e) {
                LOGGER.debug("unreadable From field '{}'", value);
            }
        }
        return Optional.empty();
    }

    @Override
    public String getMailetInfo() {
        return "mailauth DKIMSign (RFC 6376, RFC 8463)";
    }
}
