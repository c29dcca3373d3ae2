package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/** {@code bin/mailauth} as an admin runs it: a separate JVM on the packaged jar. */
class BinMailauthIT {

    private static LoopbackDnsServer server;
    private static final Path REPOSITORY = Path.of(System.getProperty("mailauth.repository", ".."));

    @BeforeAll
    static void startServer() {
        server = LoopbackDnsServer.start(Zone.builder().txt("_dmarc.example.com", "v=DMARC1; ", "p=reject").build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(REPOSITORY.resolve("bin/mailauth").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/mailauth finished").isTrue();
        return new Result(process.exitValue(),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
            new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theJarIsWhereTheScriptLooks() {
        assertThat(Files.isRegularFile(REPOSITORY.resolve("cli/target/mailauth.jar"))).isTrue();
    }

    @Test
    void answersATxtQueryFromTheLoopbackServerAsJson() throws Exception {
        Result result = run("--dns", server.hostAndPort(), "--json", "dns", "txt", "_dmarc.example.com");

        assertThat(result.err).isEmpty();
        assertThat(result.exitCode).isZero();
        assertThat(result.out.trim()).isEqualTo("{\"name\":\"_dmarc.example.com\",\"type\":\"TXT\",\"answer\":\"records\","
            + "\"ttl\":300,\"authentic\":false,\"records\":[\"v=DMARC1; p=reject\"]}");
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Result result = run("--dns", "127.0.0.1:0", "dns", "txt", "example.com");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("invalid port");
    }

    private static final class Result {
        final int exitCode;
        final String out;
        final String err;

        Result(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }
}
