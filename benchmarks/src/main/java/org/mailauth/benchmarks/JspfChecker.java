package org.mailauth.benchmarks;

import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;

/** jSPF 1.0.4 set up the way James 3.8's SPF mailet sets it up (synchronous executor, JAMES-3920). */
final class JspfChecker {

    private final SPF spf;

    JspfChecker(DNSService dns) {
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, dns);
        MacroExpand macroExpand = new MacroExpand(dns);
        wiring.put(MacroExpandEnabled.class, macroExpand);
        spf = new SPF(dns, new RFC4408SPF1Parser(new DefaultTermsFactory(wiring)), macroExpand, new SynchronousSPFExecutor(dns));
        wiring.put(SPFCheckEnabled.class, spf);
    }

    String check(String ip, String mailFrom, String helo) {
        return spf.checkSPF(ip, mailFrom, helo).getResult();
    }
}
