package io.tributary.platform.infra.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Validates objects against the Kubernetes API schema through Fabric8's typed models, which are
 * generated from the API server's OpenAPI document. Jackson rejects wrong types; the models keep
 * unknown fields in {@code additionalProperties} instead of failing, so every object is walked and
 * any field that landed there is reported with its path: a misspelled field fails.
 */
public final class KubernetesSchemas {

  private static final Map<String, Class<?>> TYPES = Map.of(
      "v1/ServiceAccount", ServiceAccount.class,
      "v1/ConfigMap", ConfigMap.class,
      "v1/Secret", Secret.class,
      "v1/Service", Service.class,
      "apps/v1/Deployment", Deployment.class,
      "apps/v1/StatefulSet", StatefulSet.class,
      "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
      "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
      "batch/v1/Job", Job.class,
      "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private final ObjectMapper mapper = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

  /** The API server refuses "60" where it wants 60 or true; Jackson would quietly convert it. */
  public KubernetesSchemas() {
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
  }

  /** The problems of one object, each naming its kind, name and field path; empty when valid. */
  public List<String> problems(ObjectNode object) {
    String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    String where = type + " " + Kustomize.name(object);
    Class<?> model = TYPES.get(type);
    if (model == null) {
      return List.of(where + ": no schema for this apiVersion and kind");
    }
    Object typed;
    try {
      typed = mapper.treeToValue(object, model);
    } catch (Exception e) {
      return List.of(where + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    List<String> problems = new ArrayList<>();
    walk(typed, "", where, problems);
    if (Kustomize.name(object).isEmpty()) {
      problems.add(where + ": metadata.name is missing");
    }
    return problems;
  }

  private void walk(Object value, String path, String where, List<String> problems) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        walk(item, path + "[" + index++ + "]", where, problems);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "." + key, where, problems));
      return;
    }
    if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
      return;
    }
    JavaType type = mapper.constructType(value.getClass());
    for (BeanPropertyDefinition property : mapper.getSerializationConfig().introspect(type).findProperties()) {
      AnnotatedMethod getter = property.getGetter();
      if (getter == null) {
        continue;
      }
      walk(read(getter, value), path.isEmpty() ? property.getName() : path + "." + property.getName(), where,
          problems);
    }
    Map<String, Object> unknown = additionalProperties(value);
    unknown.keySet().forEach(field -> problems.add(
        where + ": unknown field '" + (path.isEmpty() ? field : path + "." + field) + "'"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> additionalProperties(Object value) {
    try {
      Object found = value.getClass().getMethod("getAdditionalProperties").invoke(value);
      return found == null ? Map.of() : (Map<String, Object>) found;
    } catch (NoSuchMethodException e) {
      return Map.of();
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read additional properties of " + value.getClass(), e);
    }
  }

  private static Object read(AnnotatedMethod getter, Object value) {
    try {
      return getter.getAnnotated().invoke(value);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter.getFullName(), e);
    }
  }
}
