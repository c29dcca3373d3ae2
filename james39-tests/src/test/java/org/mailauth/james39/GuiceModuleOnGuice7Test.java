package org.mailauth.james39;

import static org.assertj.core.api.Assertions.assertThat;


import org.apache.james.utils.UserDefinedStartable;
import org.junit.jupiter.api.Test;

import com.google.inject.Module;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The pack's Guice module ({@code guice.extension.module=org.mailauth.james.MailauthModule}) in James 3.9.0's child
 * injector of extensions, on Guice 7: it reads only the Jakarta annotations Guice 7 and James 3.9 honour.
 */
class GuiceModuleOnGuice7Test {

    private final James39Extensions extensions = James39Gateway.instance().extensions();

    @Test
    void theModuleIsAGuice7ModuleLoadedFromThePackJar() throws Exception {
        Object module = extensions.instance(James39Extensions.MODULE);

        assertThat(module).isInstanceOf(Module.class);
        assertThat(module.getClass().getClassLoader()).isNotSameAs(Module.class.getClassLoader());
    }

    @Test
    void theSharedServicesAreOneInstancePerJames() throws Exception {
        assertThat(extensions.instance("org.mailauth.james.verdicts.Verdicts"))
            .isSameAs(extensions.instance("org.mailauth.james.verdicts.Verdicts"));
        assertThat(extensions.instance("org.mailauth.james.PackDns")).isSameAs(extensions.instance("org.mailauth.james.PackDns"));
        assertThat(extensions.instance("org.mailauth.james.PackDns").getClass()).hasAnnotation(Singleton.class);
    }

    @Test
    void theMatchersAndMailetsAreBuiltThroughTheirJakartaInjectConstructor() throws Exception {
        assertThat(extensions.matcher("org.mailauth.james.matchers.DMARC", "fail").getClass().getConstructors())
            .singleElement().satisfies(constructor -> assertThat(constructor.isAnnotationPresent(Inject.class)).isTrue());
    }

    /** James 3.9 closes what the extensions' injector made through {@code @jakarta.annotation.PreDestroy}. */
    @Test
    void theDnsResolverIsClosedWhenJamesStops() throws Exception {
        assertThat(extensions.instance("org.mailauth.james.PackDns").getClass().getMethod("close").isAnnotationPresent(PreDestroy.class))
            .isTrue();
    }

    @Test
    void theReportSchedulerIsAJames39Startable() throws Exception {
        assertThat(extensions.instance("org.mailauth.james.reports.DmarcReportScheduler")).isInstanceOf(UserDefinedStartable.class);
    }
}
