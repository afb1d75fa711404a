package io.etcddr.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.etcddr.codec.PayloadEncryption;
import io.etcddr.contract.OneLine;
import io.etcddr.http.ApiException;
import io.etcddr.http.ApiRequest;
import io.etcddr.http.ApiResponse;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Temporal's codec-server protocol (`POST /codec/encode`, `/codec/decode`, a body of {@code
 * {"payloads": [...]}} both ways), so the Temporal Web UI and CLI show decrypted payloads to
 * whoever holds the API's token. Behind the token like every route.
 */
final class CodecApi {

  private final PayloadEncryption codec;

  /**
   * @param codec null when this worker encrypts nothing
   */
  CodecApi(PayloadEncryption codec) {
    this.codec = codec;
  }

  ApiResponse encode(ApiRequest request) {
    return apply(request, codec == null ? null : codec::encode);
  }

  ApiResponse decode(ApiRequest request) {
    return apply(request, codec == null ? null : codec::decode);
  }

  private static ApiResponse apply(ApiRequest request, UnaryOperator<List<Payload>> change) {
    if (change == null) {
      throw ApiException.notFound(
          "this worker encrypts no payloads; start it with --payload-keyset to serve the codec");
    }
    Payloads.Builder in = Payloads.newBuilder();
    try {
      JsonFormat.parser()
          .ignoringUnknownFields()
          .merge(new String(request.body(), StandardCharsets.UTF_8), in);
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest(
          "send Temporal's {\"payloads\": [{\"metadata\": {...}, \"data\": \"BASE64\"}]}: "
              + OneLine.of(e.getMessage(), 120));
    }
    try {
      Payloads out =
          Payloads.newBuilder().addAllPayloads(change.apply(in.getPayloadsList())).build();
      return ApiResponse.text(200, "application/json", JsonFormat.printer().print(out));
    } catch (PayloadCodecException e) {
      throw ApiException.badRequest(OneLine.of(e.getMessage(), 200));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("payloads print as JSON", e);
    }
  }
}
