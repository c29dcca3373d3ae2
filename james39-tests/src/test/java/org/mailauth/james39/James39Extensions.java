package org.mailauth.james39;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.ClassName;
import org.apache.james.utils.ExtendedClassLoader;
import org.apache.james.utils.ExtensionConfiguration;
import org.apache.james.utils.GuiceGenericLoader;
import org.apache.james.utils.GuiceMailetLoader;
import org.apache.james.utils.GuiceMatcherLoader;
import org.apache.james.utils.PropertiesProvider;
import org.apache.mailet.Mailet;
import org.apache.mailet.MailetContext;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;

/**
 * The extension loading of James 3.9.0, as its Guice server does it, over a working folder: {@code extensions-jars/}
 * holds the James 3.9 pack jar, read by James's {@code ExtendedClassLoader} (a class loader of its own whose parent has
 * James's classes); {@code conf/mailauth.properties} configures the pack; {@code conf/extensions.properties}'s
 * {@code guice.extension.module=org.mailauth.james.MailauthModule} is the {@link ExtensionConfiguration} given to
 * James's {@code GuiceGenericLoader}, which makes the child injector of the extensions (Guice 7). Matchers and mailets
 * are made by James's {@code GuiceMatcherLoader} and {@code GuiceMailetLoader} from their class names, as
 * {@code mailetcontainer.xml} names them. The server's own bindings the pack uses are James 3.9.0's classes
 * ({@code FileSystemImpl}, {@code PropertiesProvider}) or, for the mailet context, mailet-test's {@code FakeMailContext}.
 */
final class James39Extensions {

    static final String MODULE = "org.mailauth.james.MailauthModule";

    private final GuiceGenericLoader loader;
    private final FakeMailContext mailetContext;

    private James39Extensions(GuiceGenericLoader loader, FakeMailContext mailetContext) {
        this.loader = loader;
        this.mailetContext = mailetContext;
    }

    /** James 3.9 in {@code workingDirectory} with the pack installed and {@code mailauthProperties} as its configuration. */
    static James39Extensions start(Path workingDirectory, Map<String, String> mailauthProperties) {
        try {
            Path extensions = Files.createDirectories(workingDirectory.resolve(ExtendedClassLoader.EXTENSIONS_JARS_FOLDER_NAME));
            Files.copy(PackJar.james39().path(), extensions.resolve(PackJar.james39().path().getFileName()));
            Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
            Files.writeString(conf.resolve("mailauth.properties"), mailauthProperties.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining("\n", "", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FileSystem fileSystem = new FileSystemImpl(new JamesServerResourceLoader(workingDirectory.toString()));
        PropertiesProvider properties = new PropertiesProvider(fileSystem, new Configuration.ConfigurationPath("file://conf/"));
        FakeMailContext mailetContext = FakeMailContext.builder().postmaster(postmaster()).build();
        AbstractModule server = new AbstractModule() {
            @Override
            protected void configure() {
                bind(FileSystem.class).toInstance(fileSystem);
                bind(PropertiesProvider.class).toInstance(properties);
                bind(Clock.class).toInstance(Clock.systemUTC());
                bind(MailetContext.class).toInstance(mailetContext);
            }
        };
        GuiceGenericLoader loader = new GuiceGenericLoader(Guice.createInjector(server), new ExtendedClassLoader(fileSystem),
            new ExtensionConfiguration(List.of(new ClassName(MODULE)), List.of()));
        return new James39Extensions(loader, mailetContext);
    }

    private static MailAddress postmaster() {
        try {
            return new MailAddress("postmaster@gateway.test");
        } catch (AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The matcher of {@code match="<className>=<condition>"}, initialised. */
    Matcher matcher(String className, String condition) throws MessagingException {
        return new GuiceMatcherLoader(loader).getMatcher(FakeMatcherConfig.builder().matcherName(className)
            .condition(condition).mailetContext(mailetContext).build());
    }

    /** The mailet of {@code <mailet class="<className>">} with {@code parameters}, initialised. */
    Mailet mailet(String className, Map<String, String> parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(className).mailetContext(mailetContext);
        parameters.forEach(config::setProperty);
        return new GuiceMailetLoader(loader, Set.of()).getMailet(config.build());
    }

    /** The extensions' instance of {@code className} (a binding of the pack's module, or a class of the pack). */
    Object instance(String className) throws ClassNotFoundException {
        return loader.instantiate(new ClassName(className));
    }
}
