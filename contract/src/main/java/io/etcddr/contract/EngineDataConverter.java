package io.etcddr.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The payload format of every etcd-dr client and worker: plain JSON with durations as ISO-8601
 * text, so histories read well in the Web UI, and unknown fields tolerated so that a newer starter
 * does not break an older worker.
 */
public final class EngineDataConverter {

  private EngineDataConverter() {}

  public static DataConverter create() {
    return DefaultDataConverter.newDefaultInstance()
        .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(mapper()));
  }

  /**
   * The mapper payloads go through; a preflight reads a step's `with:` with it, as its activity
   * would.
   */
  public static ObjectMapper mapper() {
    // Jdk8Module: the SDK's own values (failure attributes when encoded) hold Optionals
    return PlanJson.mapper()
        .registerModule(new Jdk8Module())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
