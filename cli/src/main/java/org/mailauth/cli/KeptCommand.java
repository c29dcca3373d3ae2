package org.mailauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailauth kept}: the mail James keeps in a mail repository instead of delivering it, above all what DMARC
 * {@code p=reject} sends to {@code var/mail/dmarc-reject} in the sample: list it, show one, release one (James
 * processes it again from the {@code local-delivery} processor, so it reaches the mailbox), or delete one. Through
 * James's WebAdmin (its mail repository routes), with the token of {@code mailauth run} or any other James's.
 */
@Command(name = "kept", mixinStandardHelpOptions = true,
    description = {"Lists, shows, releases or deletes the mail James keeps instead of delivering it (DMARC p=reject).",
        "It asks James's WebAdmin, with the token of 'mailauth run' (--data) or of another James (--webadmin)."},
    subcommands = {KeptCommand.ListMails.class, KeptCommand.Show.class, KeptCommand.Release.class, KeptCommand.Delete.class})
final class KeptCommand {

    /** A problem the user can fix: one line, exit 2. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    /** Which James (a 'mailauth run' folder, or a WebAdmin URL) and which repository. */
    static final class Target {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "mailauth-data",
            description = "The folder of 'mailauth run', whose WebAdmin port and token it uses (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--webadmin", paramLabel = "URL", description = "Another James's WebAdmin instead of --data, such as http://127.0.0.1:8000.")
        URI webAdminUrl;

        @Option(names = "--token-file", paramLabel = "FILE", description = "With --webadmin: a file holding the JWT James's WebAdmin wants.")
        Path tokenFile;

        @Option(names = "--repository", paramLabel = "NAME", defaultValue = "dmarc-reject",
            description = "The repository: a name under var/mail/ or a path such as var/mail/error (default: ${DEFAULT-VALUE}).")
        String repository;

        /** The repository's path as WebAdmin names it (its URL without protocol and trailing slash). */
        String repositoryPath() {
            String path = repository.replaceFirst("^[a-z]+://", "").replaceAll("/+$", "");
            return path.contains("/") ? path : "var/mail/" + path;
        }

        /** The WebAdmin route of the repository's mails, or of one of them. */
        String mails(Optional<String> key) {
            return "/mailRepositories/" + URLEncoder.encode(repositoryPath(), StandardCharsets.UTF_8) + "/mails"
                + key.map(name -> "/" + URLEncoder.encode(name, StandardCharsets.UTF_8)).orElse("");
        }

        WebAdmin webAdmin() throws Problem {
            if (webAdminUrl != null) {
                return new WebAdmin(webAdminUrl, tokenFile == null ? Optional.empty() : Optional.of(token(tokenFile).authorization()));
            }
            Path james = data.resolve("james");
            Path properties = james.resolve("conf").resolve("webadmin.properties");
            Properties webAdmin = new Properties();
            try (InputStream in = Files.newInputStream(properties)) {
                webAdmin.load(in);
            } catch (NoSuchFileException e) {
                throw new Problem("no 'mailauth run' folder at " + data + " (" + properties + " is missing); give --data, or --webadmin URL");
            } catch (IOException e) {
                throw new Problem(properties + " cannot be read: " + e.getMessage());
            }
            String port = webAdmin.getProperty("port", "").trim();
            if (!port.matches("[0-9]{1,5}")) {
                throw new Problem(properties + " names no WebAdmin port");
            }
            return new WebAdmin(URI.create("http://127.0.0.1:" + port), Optional.of(token(james.resolve("webadmin.token")).authorization()));
        }

        private static WebAdminToken token(Path file) throws Problem {
            try {
                return WebAdminToken.read(file);
            } catch (NoSuchFileException e) {
                throw new Problem("the WebAdmin token file " + file + " does not exist");
            } catch (IOException e) {
                throw new Problem("the WebAdmin token file " + file + " cannot be read: " + e.getMessage());
            }
        }

        /** The response when it is a success; a problem naming what went wrong otherwise. */
        HttpResponse<String> checked(WebAdmin webAdmin, HttpResponse<String> response, String notFound) throws Problem {
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response;
            }
            if (status == 401 || status == 403) {
                throw new Problem("James's WebAdmin at " + webAdmin.base() + " refused the token (HTTP " + status + ")"
                    + (webAdminUrl == null ? "; 'mailauth run' writes a new one at every start: is this the folder of the running one?" : ""));
            }
            if (status == 404) {
                throw new Problem(notFound);
            }
            throw new Problem("James's WebAdmin at " + webAdmin.base() + " answered HTTP " + status + ": " + firstLine(response.body()));
        }
    }

    /** Runs {@code action}, turning a problem or an unreachable WebAdmin into one line and exit 2. */
    private static int run(CommandSpec spec, Target target, Action action) throws InterruptedException {
        WebAdmin webAdmin = null;
        try {
            webAdmin = target.webAdmin();
            action.run(webAdmin, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return MailauthCommand.EXIT_OK;
        } catch (Problem e) {
            return problem(spec, e.getMessage());
        } catch (IOException e) {
            return problem(spec, "James's WebAdmin at " + webAdmin.base() + " does not answer: is James running?");
        }
    }

    private static int problem(CommandSpec spec, String message) {
        spec.commandLine().getErr().println("mailauth: " + message);
        spec.commandLine().getErr().flush();
        return MailauthCommand.EXIT_USAGE;
    }

    @FunctionalInterface
    private interface Action {
        void run(WebAdmin webAdmin, PrintWriter out) throws IOException, InterruptedException, Problem;
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.strip();
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end);
    }

    /** The envelope of a kept mail, as WebAdmin gives it (a JSON object). */
    private static String detailsJson(Target target, WebAdmin webAdmin, String key) throws IOException, InterruptedException, Problem {
        return target.checked(webAdmin, webAdmin.get(target.mails(Optional.of(key)), "application/json"),
            "no mail " + key + " in " + target.repositoryPath()).body().strip();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(String json) {
        return (Map<String, Object>) JsonReader.read(json);
    }

    private static String recipients(Map<String, Object> mail) {
        Object recipients = mail.get("recipients");
        return recipients instanceof List ? ((List<?>) recipients).stream().map(String::valueOf).collect(Collectors.joining(", ")) : "";
    }

    private static String sender(Map<String, Object> mail) {
        return mail.get("sender") == null ? "<>" : String.valueOf(mail.get("sender"));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per kept mail: its key, sender, recipients and when it was kept.")
    static final class ListMails implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target = new Target();

        @Override
        public Integer call() throws Exception {
            boolean json = ((MailauthCommand) spec.root().userObject()).json();
            return run(spec, target, (webAdmin, out) -> {
                HttpResponse<String> response = target.checked(webAdmin, webAdmin.get(target.mails(Optional.empty()), "application/json"),
                    "James has no repository " + target.repositoryPath());
                List<?> keys = (List<?>) JsonReader.read(response.body());
                for (Object key : keys) {
                    String mail = detailsJson(target, webAdmin, String.valueOf(key));
                    Map<String, Object> envelope = details(mail);
                    out.println(json ? mail : envelope.get("name") + "  " + sender(envelope) + " -> " + recipients(envelope)
                        + "  " + envelope.get("lastUpdated"));
                }
                if (!json) {
                    out.println(keys.isEmpty() ? "no mail kept in " + target.repositoryPath()
                        : keys.size() + (keys.size() == 1 ? " mail" : " mails") + " kept in " + target.repositoryPath());
                }
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
        description = "One kept mail: its envelope, then the message as James keeps it (with --json: the envelope only).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "KEY", description = "The mail's key, as 'kept list' shows it.")
        String key;

        @Override
        public Integer call() throws Exception {
            boolean asJson = ((MailauthCommand) spec.root().userObject()).json();
            return run(spec, target, (webAdmin, out) -> {
                String json = detailsJson(target, webAdmin, key);
                if (asJson) {
                    out.println(json);
                    return;
                }
                Map<String, Object> mail = details(json);
                out.println("key         " + mail.get("name"));
                out.println("sender      " + sender(mail));
                out.println("recipients  " + recipients(mail));
                out.println("kept        " + mail.get("lastUpdated") + " in " + target.repositoryPath() + " (state " + mail.get("state") + ")");
                out.println("from        " + mail.get("remoteHost") + " [" + mail.get("remoteAddr") + "]");
                if (mail.get("error") != null) {
                    out.println("error       " + mail.get("error"));
                }
                out.println();
                HttpResponse<String> message = target.checked(webAdmin, webAdmin.get(target.mails(Optional.of(key)), "message/rfc822"),
                    "no mail " + key + " in " + target.repositoryPath());
                out.print(message.body().replace("\r\n", "\n"));
            });
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
        description = {"Takes a kept mail out of the repository and has James process it again from a processor.",
            "With the default, local-delivery, it reaches its recipients' mailboxes."})
    static final class Release implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "KEY", description = "The mail's key, as 'kept list' shows it.")
        String key;

        @Option(names = "--processor", paramLabel = "NAME", defaultValue = "local-delivery",
            description = "The processor of mailetcontainer.xml it goes to (default: ${DEFAULT-VALUE}).")
        String processor;

        @Override
        public Integer call() throws Exception {
            return run(spec, target, (webAdmin, out) -> {
                detailsJson(target, webAdmin, key);
                HttpResponse<String> started = target.checked(webAdmin, webAdmin.patch(target.mails(Optional.of(key))
                    + "?action=reprocess&processor=" + URLEncoder.encode(processor, StandardCharsets.UTF_8)),
                    "no mail " + key + " in " + target.repositoryPath());
                Object task = ((Map<?, ?>) JsonReader.read(started.body())).get("taskId");
                HttpResponse<String> done = target.checked(webAdmin, webAdmin.get("/tasks/" + task + "/await", "application/json"),
                    "James lost its task " + task);
                Object status = ((Map<?, ?>) JsonReader.read(done.body())).get("status");
                if (!"completed".equals(status)) {
                    throw new Problem("James did not release " + key + ": its task " + task + " ended " + status + "; see James's log");
                }
                out.println("released " + key + " from " + target.repositoryPath() + " to the " + processor + " processor");
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a kept mail for good.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "KEY", description = "The mail's key, as 'kept list' shows it.")
        String key;

        @Override
        public Integer call() throws Exception {
            return run(spec, target, (webAdmin, out) -> {
                detailsJson(target, webAdmin, key);
                target.checked(webAdmin, webAdmin.delete(target.mails(Optional.of(key))), "no mail " + key + " in " + target.repositoryPath());
                out.println("deleted " + key + " from " + target.repositoryPath());
            });
        }
    }
}
