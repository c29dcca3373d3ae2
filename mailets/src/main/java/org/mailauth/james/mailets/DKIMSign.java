package org.mailauth.james.mailets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.keys.KeyFiles;
import org.mailauth.dkim.keys.SigningKeys;
import org.mailauth.dkim.keys.TableLocation;
import org.mailauth.dkim.sign.AuthorSigner;
import org.mailauth.dkim.sign.SigningOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs outgoing mail with DKIM (RFC 6376 §5; rsa-sha256, and ed25519-sha256 of RFC 8463): core's {@link AuthorSigner}
 * chooses the keys by the From address, one key or OpenDKIM's tables, and makes the DKIM-Signature fields, which go on
 * top of the message. Place it last before RemoteDelivery, after ConvertTo7Bit, so it signs the bytes that go out.
 * This adapter reads the parameters (docs/configuration.md), finds files in James's folder (OpenDKIM's {@code refile:}
 * and {@code file:} prefixes accepted), stops James when a key cannot be used at start-up, and decides by
 * {@code onError} what becomes of a mail that cannot be signed with every key meant for it: {@code unsigned} (default)
 * logs why and sends it with the signatures that could be made, {@code error} fails it for James's
 * {@code onMailetException}. Keys and tables changed while James runs are read again for the next mail.
 */
public final class DKIMSign extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DKIMSign.class);
    private static final Set<String> PARAMETERS = Set.of("domain", "selector", "privateKeyFile", "algorithm",
        "canonicalization", "headers", "expiration", "keyTable", "signingTable", "multipleSignatures",
        "allowGroupReadableKeys", "onError");

    private final Clock clock;
    private final FileSystem fileSystem;
    private AuthorSigner signer;
    private boolean failOnError;

    @Inject
    public DKIMSign(Clock clock, FileSystem fileSystem) {
        this.clock = clock;
        this.fileSystem = fileSystem;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, PARAMETERS);
        SigningOptions options = new SigningOptions(clock);
        parameters.parsed("canonicalization", options::canonicalization);
        parameters.parsed("headers", options::headers);
        parameters.parsed("expiration", options::expiration);
        Optional<DkimAlgorithm> algorithm = parameters.parsed("algorithm", SigningOptions::algorithm);
        String onError = parameters.optional("onError").orElse("unsigned");
        if (!onError.equals("unsigned") && !onError.equals("error")) {
            throw parameters.invalid("onError", "unsigned or error, not '" + onError + "'");
        }
        failOnError = onError.equals("error");
        signer = new AuthorSigner(signingKeys(parameters), options.settings(), algorithm);
    }

    /** One key, or OpenDKIM's tables; every key read now, so that a key that cannot be used stops James. */
    private SigningKeys signingKeys(MailetParameters parameters) throws MessagingException {
        KeyFiles files = new KeyFiles(parameters.bool("allowGroupReadableKeys", false));
        Optional<String> keyTable = parameters.optional("keyTable");
        Optional<String> signingTable = parameters.optional("signingTable");
        if (keyTable.isPresent() != signingTable.isPresent()) {
            throw parameters.invalid(keyTable.isEmpty() ? "keyTable" : "signingTable", "keyTable and signingTable go together");
        }
        for (String single : keyTable.isPresent() ? List.of("domain", "selector", "privateKeyFile") : List.<String>of()) {
            if (parameters.optional(single).isPresent()) {
                throw parameters.invalid(single, "not with keyTable/signingTable: the tables say which key signs");
            }
        }
        Optional<String> keyFile = parameters.optional("privateKeyFile");
        if (keyTable.isEmpty() && keyFile.isEmpty()) {
            throw new MessagingException("mailet " + getClass().getName() + ": give domain, selector and privateKeyFile, or keyTable and signingTable");
        }
        try {
            SigningKeys keys = keyTable.isPresent()
                ? SigningKeys.tableFiles(files, file(keyTable.get()), file(signingTable.get()), parameters.bool("multipleSignatures", false))
                : SigningKeys.single(files, file(keyFile.get()), parameters.required("domain", "required with privateKeyFile"),
                    parameters.required("selector", "required with privateKeyFile"));
            keys.check();
            return keys;
        } catch (IOException | IllegalArgumentException e) {
            throw new MessagingException("mailet " + getClass().getName() + ": " + e.getMessage(), e);
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
        AuthorSigner.Signing signing = signer.signing(OutgoingMessage.headerSection(message));
        if (signing.author().isEmpty()) {
            LOGGER.warn("DKIMSign: mail {} has no readable From address; not signed", mail.getName());
            return;
        }
        Optional<String> problem = signing.problem(failOnError);
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
        if (!signing.failures().isEmpty()) {
            LOGGER.error("DKIMSign: mail {} from {} is signed without the keys that cannot be used: {}", mail.getName(),
                signing.author().get(), String.join("; ", signing.failures()));
        }
        if (signing.keys().isEmpty()) {
            LOGGER.debug("DKIMSign: no signing table entry for {}", signing.author().get());
            return;
        }
        OutgoingMessage.normalizeMimeVersion(message);
        AuthorSigner.Session session = signing.start();
        message.writeTo(session);
        HeaderFields.putOnTop(mail, session.finish(), (name, value) -> false);
    }

    @Override
    public String getMailetInfo() {
        return "mailauth DKIMSign (RFC 6376, RFC 8463)";
    }
}
