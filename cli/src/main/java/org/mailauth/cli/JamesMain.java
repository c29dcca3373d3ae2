package org.mailauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The main class of the James that {@code mailauth run} starts in a child JVM: James's own main (the first
 * argument), and a thread that ends this JVM when the launcher ends. The launcher holds the write end of this
 * process's standard input; the operating system closes it when the launcher dies, even by {@code kill -9}, so
 * reading it reaches its end then, and James stops through its shutdown hooks instead of keeping the ports open.
 *
 * <p>This class runs on James's class path, not the command's: {@link JamesProcess} copies its class file there,
 * so it must depend on nothing but the JDK (and make no other class file: no nested or anonymous classes).
 */
public final class JamesMain {

    /** The exit status when the launcher went away, as for SIGTERM (128 + 15). */
    static final int LAUNCHER_GONE = 143;

    private JamesMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: JamesMain JAMES-MAIN-CLASS [ARGUMENTS]");
        }
        Thread watcher = new Thread(JamesMain::awaitLauncherEnd, "mailauth-run-launcher-watch");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void awaitLauncherEnd() {
        InputStream launcher = System.in;
        byte[] ignored = new byte[256];
        try {
            while (launcher.read(ignored) >= 0) {
                continue;
            }
        } catch (IOException e) {
            System.err.println("mailauth run: the launcher's pipe failed (" + e.getMessage() + "); stopping James");
        }
        System.err.println("mailauth run: the launcher ended; stopping James");
        System.exit(LAUNCHER_GONE);
    }
}
