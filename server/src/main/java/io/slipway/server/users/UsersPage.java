package io.slipway.server.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Optional;

/** One page of users in id order; {@code next_cursor} is absent on the last page. */
public record UsersPage(
        @JsonProperty("items") @ArraySchema(maxItems = 200) List<User> items,

        @JsonProperty("next_cursor")
        @JsonInclude(JsonInclude.Include.NON_ABSENT)
        @Schema(format = "uuid", maxLength = 36, description = "The cursor of the next page; absent on the last.")
        Optional<String> nextCursor) {}
