package org.mailauth.james.mailets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.arc.ArcSealer;
import org.mailauth.arc.ArcSealing;
import org.mailauth.arc.SealingSettings;
import org.mailauth.dkim.keys.DomainKeys;
import org.mailauth.dkim.keys.KeyFiles;
import org.mailauth.dkim.keys.KeyTable;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.keys.SigningKeys;
import org.mailauth.dkim.keys.TableLocation;
import org.mailauth.dmarc.AuthorDomains;
import org.mailauth.inbound.Authentication;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.message.HeaderSection;
import org.mailauth.results.AuthservId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals mail James received and now sends on — a RecipientRewriteTable forward to a remote address, a list's copy — with
 * an ARC Set (RFC 8617 §5.1): the ARC-Authentication-Results with what this gateway found when the mail arrived
 * ({@link Authentication#arcAuthenticationResults}, {@code arc=} included), the ARC-Message-Signature, and the ARC-Seal
 * with the chain's status as it arrived ({@code cv=}), on top of the message. The next receiver can then trust the
 * SPF and DKIM passes the forwarding broke, if it trusts this gateway. Place it in the relay processor after
 * ConvertTo7Bit and before DKIMSign, so that it seals the bytes that go out.
 *
 * <p>Only mail with an inbound authentication is sealed: kept on the Mail by the SMTP hook or a matcher or mailet of the
 * pack that ran before James copied it, or made now. Mail James originates (authenticated submissions, relay-allowed
 * clients, bounces and reports) is not sealed — DKIMSign signs it — and neither is a message James wrote about a received
 * one (a bounce carries the received mail's attributes, but its From is no longer the one authenticated).
 *
 * <p>The key is the sealing domain's ({@code domain}: this ADMD's, default the postmaster's domain): a KeyTable line of that
 * domain ({@code keyTable}, the DKIMSign table; {@code selector} to choose among several), RSA before Ed25519 since few
 * receivers accept Ed25519 in ARC yet; or {@code privateKeyFile} with {@code selector}. With {@code domain} given, a key
 * that cannot be used stops James at start-up; the postmaster's domain is known only once James runs, so its keys are
 * checked at the first mail. A mail that cannot be sealed (no usable key, an unreadable message) is logged with the
 * reason and passes on unsealed; {@code onError=error} fails it for James's {@code onMailetException} instead.
 * Parameters: docs/configuration.md.
 */
public final class ARCSeal extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(ARCSeal.class);
    private static final Set<String> PARAMETERS = Set.of("domain", "selector", "keyTable", "privateKeyFile", "authservId", "headers",
        "allowGroupReadableKeys", "onError");

    private final Clock clock;
    private final FileSystem fileSystem;
    private final AuthservId defaultAuthservId;
    private final Verdicts verdicts;
    private KeysOf keysOf;
    private DomainKeys keys;
    private String keySource;
    private SealingSettings settings;
    private AuthservId authservId;
    private boolean failOnError;

    @Inject
    public ARCSeal(Clock clock, FileSystem fileSystem, AuthservId defaultAuthservId, Verdicts verdicts) {
        this.clock = clock;
        this.fileSystem = fileSystem;
        this.defaultAuthservId = defaultAuthservId;
        this.verdicts = verdicts;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, PARAMETERS);
        try {
            authservId = parameters.optional("authservId").map(AuthservId::of).orElse(defaultAuthservId);
        } catch (IllegalArgumentException e) {
            throw parameters.invalid("authservId", e.getMessage());
        }
        settings = SealingSettings.defaults().withClock(clock);
        Optional<List<String>> headers = parameters.parsed("headers", ARCSeal::headers);
        if (headers.isPresent()) {
            settings = settings.withHeaders(headers.get());
        }
        String onError = parameters.optional("onError").orElse("unsealed");
        if (!onError.equals("unsealed") && !onError.equals("error")) {
            throw parameters.invalid("onError", "unsealed or error, not '" + onError + "'");
        }
        failOnError = onError.equals("error");
        keysOf = keysOf(parameters);
        Optional<String> domain = parameters.optional("domain");
        if (domain.isPresent()) {
            try {
                keys = keysOf.of(domain.get());
            } catch (IOException e) {
                throw new MessagingException("mailet " + getClass().getName() + ": " + e.getMessage(), e);
            }
            SigningKeys.Selection selection = keys.select();
            if (!selection.failures().isEmpty()) {
                throw new MessagingException("mailet " + getClass().getName() + ": " + String.join("; ", selection.failures()));
            }
            announce(keys, selection);
        }
    }

    private static List<String> headers(String value) {
        List<String> names = Arrays.stream(value.split(":")).map(String::trim).filter(name -> !name.isEmpty())
            .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
        if (!names.contains("from")) {
            throw new IllegalArgumentException("the ARC-Message-Signature must sign From (RFC 6376 §5.4, RFC 8617 §4.1.2): '" + value + "'");
        }
        return names;
    }

    /** How the keys of a sealing domain are found: the KeyTable's lines of the domain, or one key file. */
    @FunctionalInterface
    private interface KeysOf {
        DomainKeys of(String domain) throws IOException;
    }

    /** Reads the KeyTable now, so that a table that cannot be read stops James whatever the sealing domain. */
    private KeysOf keysOf(MailetParameters parameters) throws MessagingException {
        KeyFiles files = new KeyFiles(parameters.bool("allowGroupReadableKeys", false));
        Optional<String> keyTable = parameters.optional("keyTable");
        Optional<String> keyFile = parameters.optional("privateKeyFile");
        if (keyTable.isPresent() == keyFile.isPresent()) {
            throw new MessagingException("mailet " + getClass().getName() + ": give keyTable (the DKIMSign KeyTable: its lines of the"
                + " sealing domain seal) or privateKeyFile with selector, not both");
        }
        Optional<String> selector = parameters.optional("selector");
        try {
            if (keyTable.isPresent()) {
                Path table = file(keyTable.get());
                KeyTable.read(table.toString());
                keySource = "the KeyTable " + table;
                return domain -> DomainKeys.inKeyTable(files, table, domain, selector);
            }
            Path key = file(keyFile.get());
            String keySelector = parameters.required("selector", "required with privateKeyFile");
            keySource = key.toString();
            return domain -> DomainKeys.single(files, key, domain, keySelector);
        } catch (IOException e) {
            throw new MessagingException("mailet " + getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The keys of the sealing domain; without a {@code domain} parameter, of the postmaster's domain, which James knows
     * only once it has configured its mailet context, after the mailets' init: so found at the first mail.
     */
    private synchronized DomainKeys keys() throws IOException {
        if (keys == null) {
            DomainKeys found = keysOf.of(getMailetContext().getPostmaster().getDomain().asString());
            SigningKeys.Selection selection = found.select();
            if (!selection.failures().isEmpty()) {
                LOGGER.error("ARCSeal: keys of {} cannot be used: {}", found.domain(), String.join("; ", selection.failures()));
            }
            announce(found, selection);
            keys = found;
        }
        return keys;
    }

    private void announce(DomainKeys domainKeys, SigningKeys.Selection selection) {
        if (selection.keys().isEmpty()) {
            LOGGER.warn("ARCSeal: {} has no usable key of {}; forwarded mail goes on unsealed until one is added", keySource,
                domainKeys.domain());
        } else {
            LOGGER.info("ARCSeal: sealing as {} with {}", domainKeys.domain(), selection.keys().get(0));
        }
    }

    /** A path as given when absolute, else in James's folder; OpenDKIM's data set prefixes are dropped ({@link TableLocation}). */
    private Path file(String location) throws IOException {
        Path path = Path.of(TableLocation.path(location));
        return path.isAbsolute() ? path : fileSystem.getBasedir().toPath().resolve(path);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        try {
            seal(mail);
        } catch (IOException | MessagingException | RuntimeException e) {
            LOGGER.error("ARCSeal: mail {} {}: {}", mail.getName(), failOnError ? "fails" : "goes on unsealed", e.getMessage());
            if (failOnError) {
                throw e instanceof MessagingException ? (MessagingException) e
                    : new MessagingException("ARCSeal: mail " + mail.getName() + " could not be sealed: " + e.getMessage(), e);
            }
        }
    }

    private void seal(Mail mail) throws IOException, MessagingException {
        Optional<Authentication> received = verdicts.of(mail);
        if (received.isEmpty()) {
            LOGGER.debug("ARCSeal: mail {} was not received from another server (James or a client of ours wrote it); not sealed",
                mail.getName());
            return;
        }
        Authentication authentication = received.get();
        MimeMessage message = mail.getMessage();
        HeaderSection header = OutgoingMessage.headerSection(message);
        List<String> authors = AuthorDomains.of(header.values("From")).domains();
        if (!authors.equals(authentication.dmarc().authorDomains())) {
            LOGGER.debug("ARCSeal: mail {} is From {}, not {} as received: James wrote it about a received mail; not sealed",
                mail.getName(), authors, authentication.dmarc().authorDomains());
            return;
        }
        Optional<SigningKey> chosen = key(mail);
        if (chosen.isEmpty()) {
            return;
        }
        SigningKey key = chosen.get();
        OutgoingMessage.normalizeMimeVersion(message);
        ArcSealer.Session session = new ArcSealer(key, settings).start();
        message.writeTo(session);
        ArcSealing sealing = session.finish(authentication.arc().status(), authentication.arcAuthenticationResults(authservId));
        if (!sealing.sealed()) {
            LOGGER.info("ARCSeal: mail {} goes on unsealed: {}", mail.getName(), sealing.notSealedReason().orElse(""));
            return;
        }
        HeaderFields.putOnTop(mail, sealing.fields(), (name, value) -> false);
        LOGGER.debug("ARCSeal: mail {} sealed, i={} cv={}, {}", mail.getName(), sealing.instance(), sealing.chainValidation().keyword(), key);
    }

    /**
     * The first usable key of the domain, RSA first; none (logged) when the table has no key of the domain. Keys that cannot
     * be used are logged, or fail the mail with onError=error.
     */
    private Optional<SigningKey> key(Mail mail) throws IOException {
        DomainKeys domainKeys = keys();
        SigningKeys.Selection selection = domainKeys.select();
        if (selection.keys().isEmpty() && selection.failures().isEmpty() && !failOnError) {
            LOGGER.warn("ARCSeal: mail {} goes on unsealed: {} has no key of {}", mail.getName(), keySource, domainKeys.domain());
            return Optional.empty();
        }
        if (selection.keys().isEmpty() || (failOnError && !selection.failures().isEmpty())) {
            throw new IOException(selection.failures().isEmpty() ? keySource + " has no key of " + domainKeys.domain()
                : String.join("; ", selection.failures()));
        }
        if (!selection.failures().isEmpty()) {
            LOGGER.error("ARCSeal: mail {} is sealed with {}, not with the keys that cannot be used: {}", mail.getName(),
                selection.keys().get(0), String.join("; ", selection.failures()));
        }
        return Optional.of(selection.keys().get(0));
    }

    @Override
    public String getMailetInfo() {
        return "mailauth ARCSeal (RFC 8617)";
    }
}
