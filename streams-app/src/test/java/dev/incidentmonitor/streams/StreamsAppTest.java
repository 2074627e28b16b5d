package dev.incidentmonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamsAppTest {

    @Test
    void shouldLeaveTheGroupOnCloseAsADynamicMember() {
        final Properties properties = new Properties();
        properties.put("application.id", "app");
        assertThat(StreamsApp.membershipOnClose(properties)).isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
        properties.put("group.instance.id", " ");
        assertThat(StreamsApp.membershipOnClose(properties)).isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
        properties.put("restore.consumer.group.instance.id", "ignored-by-kafka-streams");
        assertThat(StreamsApp.membershipOnClose(properties)).isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id"})
    void shouldStayInTheGroupOnCloseAsAStaticMember(final String key) {
        final Properties properties = new Properties();
        properties.put(key, "streams-1");
        assertThat(StreamsApp.membershipOnClose(properties)).isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
    }
}
