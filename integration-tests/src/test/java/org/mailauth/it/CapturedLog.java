package org.mailauth.it;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;

/**
 * Everything logged in this JVM (James and the pack log through the same logback context) while attached, as text
 * lines with their throwables' messages, so tests can read what an operator would read.
 */
final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    static CapturedLog attach() {
        CapturedLog log = new CapturedLog();
        log.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        log.start();
        root().addAppender(log);
        return log;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage());
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            line.append(" | ").append(cause.getClassName()).append(": ").append(cause.getMessage());
        }
        lines.add(line.toString());
    }

    /** The lines logged so far that contain {@code text}. */
    List<String> linesWith(String text) {
        return lines.stream().filter(line -> line.contains(text)).collect(Collectors.toList());
    }

    /** Every line logged so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }
}
