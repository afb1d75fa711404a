package io.etcddr.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Encrypts every payload (inputs, outputs, queries, updates, failure details) before it reaches
 * Temporal: the whole payload, metadata included, sealed with AES-256-GCM under the keyset's
 * primary key. The result says only {@code encoding: binary/encrypted} and the key id, so a history
 * in Temporal's database or Web UI shows no endpoint, path, node name or alert annotation. Payloads
 * that are not encrypted pass through, so histories from before encryption stay readable.
 */
public final class PayloadEncryption implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  private static final byte[] ASSOCIATED = "etcd-dr payload v1".getBytes(StandardCharsets.UTF_8);

  private final PayloadKeys keys;

  public PayloadEncryption(PayloadKeys keys) {
    this.keys = keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload plain) {
    try {
      return Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8(ENCODING))
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(keys.primaryKeyId()))
          .setData(ByteString.copyFrom(keys.encrypt(plain.toByteArray(), ASSOCIATED)))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload: " + e.getClass().getSimpleName());
    }
  }

  private Payload decrypt(Payload payload) {
    ByteString encoding = payload.getMetadataMap().get("encoding");
    if (encoding == null || !encoding.toStringUtf8().equals(ENCODING)) {
      return payload;
    }
    ByteString keyId = payload.getMetadataMap().get(KEY_ID);
    try {
      return Payload.parseFrom(keys.decrypt(payload.getData().toByteArray(), ASSOCIATED));
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException(
          "cannot decrypt a payload encrypted with key "
              + (keyId == null ? "(no key id)" : keyId.toStringUtf8())
              + ": the keyset at "
              + keys.file()
              + " lacks that key or the payload was changed");
    }
  }
}
