package org.mailauth.james.mailets;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailauth.dmarc.DmarcResult;
import org.mailauth.dmarc.PublicSuffixList;
import org.mailauth.inbound.Authentication;
import org.mailauth.james.verdicts.Verdicts;
import org.mailauth.report.ReportStoreException;
import org.mailauth.report.received.ReadLimits;
import org.mailauth.report.received.ReceivedFailureReport;
import org.mailauth.report.received.ReceivedFile;
import org.mailauth.report.received.ReceivedReport;
import org.mailauth.report.received.ReceivedReportStore;
import org.mailauth.report.received.ReporterAuthentication;
import org.mailauth.report.received.ReportFileReader;
import org.mailauth.report.received.ReportReadException;
import org.mailauth.report.received.Submission;
import org.mailauth.results.FieldText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the DMARC reports others send us: the mail it is given (in the sample, mail to the domain's {@code rua}
 * address, chosen by the matcher) is read as a report e-mail (aggregate reports of RFC 9990 / RFC 7489 as XML, gzip
 * or zip; failure reports of RFC 6591 / RFC 9991) and stored in the {@link ReceivedReportStore}, once per submitter
 * and report id, with when it arrived, its From, and whether the e-mail passed DMARC for its From domain
 * ({@link Submission.Authenticity}). Then the mail goes on ({@code afterStore=deliver}, the default) or is dropped
 * ({@code afterStore=drop}).
 *
 * <p>Never a lost mail: a mail that is not a report James can read, or that cannot be stored now (the report database
 * is down), is kept in {@code errorRepository} with the reason as its error message, instead of going on; once the
 * cause is gone, processing it again from {@code transport} stores it (a report stored already is a duplicate and
 * counts once). Only when that repository itself refuses the mail does the mailet fail, and James's
 * {@code onMailetException} decides.
 */
public final class DMARCReportIngest extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DMARCReportIngest.class);
    static final String DEFAULT_ERROR_REPOSITORY_PATH = "var/mail/dmarc-report-error/";

    /** What becomes of a mail whose reports were stored. */
    enum AfterStore {
        /** It goes on through the processor (to the rua mailbox, when it is one). */
        DELIVER,
        /** It is dropped: the store holds what it said. */
        DROP;

        static AfterStore parse(String value) {
            for (AfterStore choice : values()) {
                if (choice.name().equalsIgnoreCase(value)) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("expected deliver or drop, not '" + value + "'");
        }
    }

    private final ReceivedReportStore store;
    private final Verdicts verdicts;
    private final MailRepositoryStore repositories;
    private final Clock clock;
    private final ReadLimits limits = ReadLimits.defaults();
    private final ReportFileReader reader = new ReportFileReader(limits);
    private final ReporterAuthentication reporters = new ReporterAuthentication(PublicSuffixList.bundled());
    private AfterStore afterStore;
    private MailRepositoryUrl errorRepositoryUrl;
    private MailRepository errorRepository;

    @Inject
    public DMARCReportIngest(ReceivedReportStore store, Verdicts verdicts, MailRepositoryStore repositories, Clock clock) {
        this.store = store;
        this.verdicts = verdicts;
        this.repositories = repositories;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, Set.of("afterStore", "errorRepository"));
        afterStore = parameters.parsed("afterStore", AfterStore::parse).orElse(AfterStore.DELIVER);
        errorRepositoryUrl = parameters.parsed("errorRepository", DMARCReportIngest::repositoryUrl)
            .orElseGet(() -> MailRepositoryUrl.fromPathAndProtocol(repositories.defaultProtocol().orElse(new Protocol("memory")),
                MailRepositoryPath.from(DEFAULT_ERROR_REPOSITORY_PATH)));
        try {
            errorRepository = repositories.select(errorRepositoryUrl);
        } catch (MailRepositoryStore.MailRepositoryStoreException | RuntimeException e) {
            throw parameters.invalid("errorRepository", "James has no mail repository " + errorRepositoryUrl.asString() + " ("
                + e.getMessage() + "); see mailrepositorystore.xml for the protocols it offers");
        }
    }

    private static MailRepositoryUrl repositoryUrl(String value) {
        if (!value.contains("://")) {
            throw new IllegalArgumentException("expected a repository URL such as memory://" + DEFAULT_ERROR_REPOSITORY_PATH + ", not '"
                + value + "'");
        }
        return MailRepositoryUrl.from(value);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String problem;
        try {
            ReceivedFile file = reader.read(message(mail));
            store(mail, file, verdicts.of(mail));
            if (afterStore == AfterStore.DROP) {
                mail.setState(Mail.GHOST);
            }
            return;
        } catch (ReportReadException e) {
            problem = "not a DMARC report James can read: " + e.getMessage();
        } catch (ReportStoreException e) {
            problem = "the report store is not available: " + e.getMessage();
            LOGGER.error("DMARCReportIngest: mail {}: {}", mail.getName(), problem);
        } catch (IOException | MessagingException e) {
            problem = "the message could not be read: " + e.getMessage();
        } catch (RuntimeException e) {
            LOGGER.error("DMARCReportIngest: mail {} could not be read or stored", mail.getName(), e);
            problem = "an unexpected failure (a bug; the log has its trace): " + e;
        }
        keep(mail, FieldText.value(problem));
    }

    /**
     * Each aggregate report with the authenticity its e-mail gives the reporter it names ({@link ReporterAuthentication});
     * failure reports, which name no reporter address, with the e-mail's own DMARC result.
     */
    private void store(Mail mail, ReceivedFile file, Optional<Authentication> authentication) throws ReportStoreException {
        int fresh = 0;
        int duplicates = 0;
        Submission submission = new Submission(clock.instant(), file.emailFrom(), authenticity(authentication));
        for (ReceivedReport report : file.aggregateReports()) {
            Submission ofReport = new Submission(submission.receivedAt(), submission.from(),
                reporters.of(report, authentication.map(Authentication::dmarc)));
            if (store.add(report, ofReport) != ReceivedReportStore.Stored.DUPLICATE) {
                fresh++;
            } else {
                duplicates++;
            }
        }
        for (ReceivedFailureReport report : file.failureReports()) {
            store.add(report, submission);
        }
        LOGGER.info("DMARCReportIngest: mail {} from {} ({}): {} aggregate report(s) stored, {} already held, {} failure report(s) stored",
            mail.getName(), submission.from().orElse("-"), submission.authenticity().keyword(), fresh, duplicates,
            file.failureReports().size());
    }

    /** Kept with its reason instead of going on; a repository that refuses it fails the mailet (James's onMailetException). */
    private void keep(Mail mail, String reason) throws MessagingException {
        String previous = mail.getErrorMessage();
        mail.setErrorMessage(reason);
        try {
            errorRepository.store(mail);
        } catch (MessagingException | RuntimeException e) {
            mail.setErrorMessage(previous);
            throw new MessagingException("DMARCReportIngest: mail " + mail.getName() + " (" + reason + ") could not be kept in "
                + errorRepositoryUrl.asString() + ": " + e.getMessage(), e);
        }
        LOGGER.warn("DMARCReportIngest: mail {} kept in {}: {}", mail.getName(), errorRepositoryUrl.asString(), reason);
        mail.setState(Mail.GHOST);
    }

    /**
     * The e-mail's own DMARC result for its From domain (RFC 9989): pass is authenticated; fail, none and permerror
     * are not (anyone can send a report naming Google); a temperror, or mail the pack does not check (James wrote it,
     * an authenticated client sent it), is unknown.
     */
    static Submission.Authenticity authenticity(Optional<Authentication> authentication) {
        if (authentication.isEmpty()) {
            return Submission.Authenticity.UNKNOWN;
        }
        DmarcResult.Code code = authentication.get().dmarc().code();
        if (code == DmarcResult.Code.PASS) {
            return Submission.Authenticity.AUTHENTICATED;
        }
        return code == DmarcResult.Code.TEMPERROR ? Submission.Authenticity.UNKNOWN : Submission.Authenticity.UNAUTHENTICATED;
    }

    /** The whole message as it arrived, read no further than a report file may go ({@link ReadLimits}). */
    private byte[] message(Mail mail) throws IOException, MessagingException, ReportReadException {
        BoundedBuffer buffer = new BoundedBuffer(limits.maxFileBytes());
        try {
            mail.getMessage().writeTo(buffer);
        } catch (IOException | MessagingException e) {
            if (buffer.full()) {
                throw new ReportReadException("the e-mail is more than the " + limits.maxFileBytes() + " bytes a report file may have");
            }
            throw e;
        }
        return buffer.bytes();
    }

    /** Bytes up to a limit; one more is refused with an IOException, whatever the writer wraps it in. */
    private static final class BoundedBuffer extends OutputStream {
        private final long limit;
        private byte[] bytes = new byte[8192];
        private int size;
        private boolean full;

        BoundedBuffer(long limit) {
            this.limit = limit;
        }

        boolean full() {
            return full;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int length) throws IOException {
            if ((long) size + length > limit) {
                full = true;
                throw new IOException("more than " + limit + " bytes");
            }
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max((long) size + length, 2L * bytes.length)));
            }
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, size);
        }
    }

    @Override
    public String getMailetInfo() {
        return "mailauth DMARCReportIngest (stores the DMARC reports others send us)";
    }
}
