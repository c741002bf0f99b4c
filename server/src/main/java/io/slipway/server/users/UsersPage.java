package io.slipway.server.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** One page of users in id order; {@code next_cursor} is absent on the last page. */
public record UsersPage(
        @JsonProperty("items") List<User> items,

        @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.NON_ABSENT)
        Optional<String> nextCursor) {}
