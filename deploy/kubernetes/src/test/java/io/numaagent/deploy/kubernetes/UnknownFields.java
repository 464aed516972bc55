package io.numaagent.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fields the fabric8 model did not know. Its classes keep unknown YAML keys in
 * {@code additionalProperties} instead of failing, so a misspelt key (say
 * {@code readOnlyRootFileSystem}) would read without error and mean nothing to Kubernetes; this
 * walks the parsed object and lists every such key with its path.
 */
final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {
    }

    static List<String> in(Object object) {
        List<String> out = new ArrayList<>();
        walk(object, object.getClass().getSimpleName(), out, object instanceof GenericKubernetesResource);
        return out;
    }

    private static void walk(Object o, String path, List<String> out, boolean genericTop) {
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", out, false);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, out, false));
            return;
        }
        if (o == null || !o.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class || m.getDeclaringClass().isInterface()
                    || m.getReturnType().isPrimitive()) {
                // the model's fields have getters on the class; interfaces add derived names (getFullResourceName)
                continue;
            }
            Object value = invoke(m, o);
            if (m.getName().equals("getAdditionalProperties")) {
                // a generic resource (the ServiceMonitor) keeps its whole body there: only its metadata is typed
                if (!genericTop && value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": " + extra.keySet());
                }
                continue;
            }
            walk(value, path + "." + property(m.getName()), out, false);
        }
    }

    private static Object invoke(Method m, Object o) {
        try {
            return m.invoke(o);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot read " + m + ": " + e, e);
        }
    }

    private static String property(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }
}
