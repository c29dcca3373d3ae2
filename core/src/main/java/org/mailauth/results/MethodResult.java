package org.mailauth.results;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code resinfo} of RFC 8601 §2.2: {@code method=result}, an optional {@code reason="..."}, and the
 * properties that say what was checked ({@code smtp.mailfrom=example.com}, {@code header.d=example.com}...).
 * The reason and the property values are held as they will be written: through {@link FieldText#value}, so
 * that outside text can never end the field or start another, and a field read back equals the one written.
 */
public final class MethodResult {

    private final String method;
    private final String result;
    private final Optional<String> reason;
    private final List<Property> properties;

    public MethodResult(String method, String result, Optional<String> reason, List<Property> properties) {
        this.method = Objects.requireNonNull(method);
        this.result = Objects.requireNonNull(result);
        this.reason = Objects.requireNonNull(reason).map(FieldText::value);
        this.properties = List.copyOf(properties);
    }

    public String method() {
        return method;
    }

    public String result() {
        return result;
    }

    public Optional<String> reason() {
        return reason;
    }

    public List<Property> properties() {
        return properties;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof MethodResult)) {
            return false;
        }
        MethodResult that = (MethodResult) other;
        return method.equals(that.method) && result.equals(that.result) && reason.equals(that.reason)
            && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, result, reason, properties);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(method).append('=').append(result);
        reason.ifPresent(why -> text.append(" reason=").append(FieldText.quotedString(why)));
        for (Property property : properties) {
            text.append(' ').append(property);
        }
        return text.toString();
    }

    /** {@code ptype.property=pvalue} (RFC 8601 §2.3), e.g. {@code header.d=example.com}. */
    public static final class Property {
        private final String type;
        private final String name;
        private final String value;

        public Property(String type, String name, String value) {
            this.type = Objects.requireNonNull(type);
            this.name = Objects.requireNonNull(name);
            this.value = FieldText.value(value);
        }

        public String type() {
            return type;
        }

        public String name() {
            return name;
        }

        public String value() {
            return value;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Property)) {
                return false;
            }
            Property that = (Property) other;
            return type.equals(that.type) && name.equals(that.name) && value.equals(that.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, name, value);
        }

        @Override
        public String toString() {
            return type + "." + name + "=" + pvalue(value);
        }

        /** A token or an addr-spec-like local@domain goes bare; anything else is quoted (RFC 8601 §2.2 pvalue). */
        private static String pvalue(String value) {
            if (!value.isEmpty() && value.chars().allMatch(c -> MimeToken.isTokenChar(c) || c == '@')
                && value.indexOf('@') == value.lastIndexOf('@')) {
                return value;
            }
            return FieldText.quotedString(value);
        }
    }
}
