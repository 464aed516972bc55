package io.numaagent.runner.testplugin;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import java.util.List;

/** Plugin factories a config may name by {@code class:} that cannot be used, one reason each. */
public final class BrokenFactories {

    private BrokenFactories() {
    }

    /** Does nothing; the base of the broken ones. */
    public abstract static class Base implements PluginFactory {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public String description() {
            return "a factory that cannot be used";
        }

        @Override
        public List<ConfigKey<?>> configKeys() {
            return List.of();
        }

        @Override
        public Plugin create(PluginConfig config, PluginContext context) {
            return snapshot -> List.of();
        }
    }

    /** Needs an argument to be made. */
    public static final class NoNoArgConstructor extends Base {
        public NoNoArgConstructor(int unused) {
        }
    }

    /** Its constructor throws. */
    public static final class ThrowingConstructor extends Base {
        public ThrowingConstructor() {
            throw new IllegalStateException("no licence file");
        }
    }

    /** Its static initializer throws. */
    public static final class ThrowingInitializer extends Base {
        static final int VALUE = Integer.parseInt("not a number");
    }

    /** Not public. */
    static final class Hidden extends Base {
    }
}
