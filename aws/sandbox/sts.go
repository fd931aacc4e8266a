package sandbox

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// stsClient is the account behind aws.STSAPI.
type stsClient struct{ a *Account }

// CallerRole is the role the sandbox caller appears to have assumed.
const CallerRole = "PlatformEngineer"

func (c *stsClient) GetCallerIdentity(ctx context.Context, _ *sts.GetCallerIdentityInput, _ ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	if err := c.a.begin(ctx, svcSTS, "GetCallerIdentity"); err != nil {
		return nil, err
	}
	defer c.a.mu.Unlock()
	acct := c.a.st.AccountID
	return &sts.GetCallerIdentityOutput{
		Account: ptr(acct),
		Arn:     ptr("arn:aws:sts::" + acct + ":assumed-role/" + CallerRole + "/sandbox"),
		UserId:  ptr("AROASANDBOXEXAMPLE01:sandbox"),
	}, nil
}
